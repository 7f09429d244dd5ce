import { InvalidConfigurationError } from './configuration-problems';
import { validateEnvironment } from './validate-environment';

describe('validateEnvironment', () => {
  const valid = { KAFKA_BROKERS: '127.0.0.1:9092' };

  it('builds a typed configuration with defaults', () => {
    const config = validateEnvironment(valid);
    expect(config.http.port).toBe(3000);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/test');
  });

  it('names each bad variable', () => {
    expect(() => validateEnvironment({ ...valid, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => validateEnvironment({})).toThrow(/KAFKA_BROKERS/);
  });

  it('never echoes the value of a bad variable, which may be a secret', () => {
    const secret = 'mysql://admin:hunter2@db';
    try {
      validateEnvironment({ ...valid, DATABASE_URL: secret });
      throw new Error('expected a configuration error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigurationError);
      expect((error as Error).message).toContain('DATABASE_URL');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('refuses a handler timeout that could outlast the consumer session', () => {
    expect(() =>
      validateEnvironment({ ...valid, KAFKA_HANDLER_TIMEOUT_MS: '20000', KAFKA_SESSION_TIMEOUT_MS: '30000' }),
    ).toThrow(/KAFKA_HANDLER_TIMEOUT_MS must be at most a third of KAFKA_SESSION_TIMEOUT_MS/);
  });

  it('keeps database timeouts above the handler timeout, naming the variables', () => {
    const handler = { KAFKA_HANDLER_TIMEOUT_MS: '10000' };
    expect(() =>
      validateEnvironment({ ...valid, ...handler, DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '10000' }),
    ).toThrow(/DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS must exceed KAFKA_HANDLER_TIMEOUT_MS/);
    expect(() => validateEnvironment({ ...valid, ...handler, DATABASE_LOCK_TIMEOUT_MS: '5000' })).toThrow(
      /DATABASE_LOCK_TIMEOUT_MS must be at least KAFKA_HANDLER_TIMEOUT_MS/,
    );
    expect(() => validateEnvironment({ ...valid, DATABASE_STATEMENT_TIMEOUT_MS: '10000' })).toThrow(
      /DATABASE_STATEMENT_TIMEOUT_MS must be at least DATABASE_LOCK_TIMEOUT_MS/,
    );
  });

  it('logs JSON in production whatever the format asked for', () => {
    const production = {
      ...valid,
      NODE_ENV: 'production',
      DOCUMENT_HOSTS: 'files.one-stop.gov.vn',
      DATABASE_URL: 'postgres://lgsp@db:5432/lgsp',
      CONNECTORS: 'dossier-trace',
      AUTH_KEY_ENCRYPTION_SECRET: 'a-real-key-encryption-secret-of-32-plus-chars',
    };
    expect(validateEnvironment({ ...production, LOG_FORMAT: 'pretty' }).log.format).toBe('json');
  });

  it("reads the allowed document hosts, defaulting to the simulators' outside production", () => {
    expect(validateEnvironment(valid).intake.documentHosts).toEqual([
      '*.example.gov.vn',
      '*.example.vn',
      'dichvucong.gov.vn',
    ]);
    expect(
      validateEnvironment({ ...valid, DOCUMENT_HOSTS: 'files.one-stop.gov.vn, *.hcm.gov.vn' }).intake
        .documentHosts,
    ).toEqual(['files.one-stop.gov.vn', '*.hcm.gov.vn']);
    expect(() => validateEnvironment({ ...valid, DOCUMENT_HOSTS: 'https://files.gov.vn' })).toThrow(
      /DOCUMENT_HOSTS must be a comma-separated list of host names/,
    );
  });

  it('keeps processed-message ids as long as a message can come back from its topic', () => {
    expect(() =>
      validateEnvironment({
        ...valid,
        KAFKA_TOPIC_RETENTION_HOURS: '336',
        RETENTION_PROCESSED_MESSAGE_HOURS: '336',
      }),
    ).toThrow(
      /RETENTION_PROCESSED_MESSAGE_HOURS must be at least KAFKA_TOPIC_RETENTION_HOURS plus the retry delays \(337 h\)/,
    );
    expect(validateEnvironment(valid).retention).toMatchObject({
      processedMessageMs: 336 * 3_600_000,
      dossierTraceMs: 180 * 86_400_000,
      batchSize: 1000,
    });
  });
});
