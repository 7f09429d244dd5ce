import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

/** What a production deployment sets; each test removes or changes one thing. */
const production: Record<string, string> = {
  NODE_ENV: 'production',
  KAFKA_BROKERS: 'kafka-1.lgsp.internal:9093',
  DATABASE_URL: 'postgres://lgsp@db.lgsp.internal:5432/lgsp',
  DOCUMENT_HOSTS: 'files.one-stop.gov.vn',
  NATIONAL_PORTAL_URL: 'https://api.dichvucong.gov.vn',
  NATIONAL_PORTAL_DSTCODE: 'H56',
  NATIONAL_PORTAL_AGENCY_CODE: 'H56',
  NATIONAL_PORTAL_USERNAME: 'khanhhoa',
  NATIONAL_PORTAL_PASSWORD: 'a-real-password',
  ONE_STOP_URL: 'https://motcua.khanhhoa.gov.vn',
  ONE_STOP_API_KEY: 'a-real-api-key',
};

function problemsOf(environment: Record<string, string | undefined>): string[] {
  try {
    validateEnvironment(environment);
    return [];
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error.problems;
    throw error;
  }
}

const without = (...names: string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(production).filter(([name]) => !names.includes(name)));

describe('production rules', () => {
  it('starts with every partner variable set', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it('names every missing partner variable at once: no simulator default applies in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', KAFKA_BROKERS: 'kafka:9093' });
    const named = problems.join('\n');
    for (const variable of [
      'DATABASE_URL',
      'DOCUMENT_HOSTS',
      'NATIONAL_PORTAL_URL',
      'NATIONAL_PORTAL_DSTCODE',
      'NATIONAL_PORTAL_AGENCY_CODE',
      'NATIONAL_PORTAL_USERNAME',
      'NATIONAL_PORTAL_PASSWORD',
      'ONE_STOP_URL',
      'ONE_STOP_API_KEY',
    ]) {
      expect(named).toContain(`${variable} must be set in production`);
    }
  });

  it('treats an empty value as missing', () => {
    expect(problemsOf({ ...production, NATIONAL_PORTAL_PASSWORD: '' })).toEqual([
      'NATIONAL_PORTAL_PASSWORD must be set in production (no default applies)',
    ]);
  });

  it('refuses the published development password even when it is set explicitly', () => {
    expect(problemsOf({ ...production, NATIONAL_PORTAL_PASSWORD: 'lgsp-secret' })).toEqual([
      'NATIONAL_PORTAL_PASSWORD is the published development default: set the real one',
    ]);
  });

  it('asks only for the partners of the connectors this process runs', () => {
    expect(problemsOf({ ...without('ONE_STOP_URL'), CONNECTORS: 'dossier-trace,national-portal' })).toEqual(
      [],
    );
    expect(
      problemsOf({
        ...without(...Object.keys(production).filter((name) => name.startsWith('NATIONAL_PORTAL'))),
        CONNECTORS: 'one-stop',
      }),
    ).toEqual([]);
  });

  it('requires https to partners in production', () => {
    expect(problemsOf({ ...production, ONE_STOP_URL: 'http://motcua.khanhhoa.gov.vn' })).toEqual([
      'ONE_STOP_URL must be an https URL in production',
    ]);
  });

  it('keeps the simulator defaults in development and test', () => {
    const config = validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(config.connectors.nationalPortal.url).toBe('http://127.0.0.1:4101');
    expect(config.connectors.oneStop.url).toBe('http://127.0.0.1:4104');
  });

  it('serves API docs and binds operator listeners to every interface only outside production', () => {
    const development = validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(development.http).toMatchObject({ apiDocsEnabled: true, metricsHost: '0.0.0.0' });
    expect(validateEnvironment(production).http).toMatchObject({
      apiDocsEnabled: false,
      metricsHost: '127.0.0.1',
    });
    expect(
      validateEnvironment({ ...production, API_DOCS_ENABLED: 'true', METRICS_HOST: '10.0.0.5' }).http,
    ).toMatchObject({ apiDocsEnabled: true, metricsHost: '10.0.0.5' });
  });

  it('checks Kafka security variables that only mean something together', () => {
    const development = { KAFKA_BROKERS: '127.0.0.1:9092' };
    expect(problemsOf({ ...development, KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toEqual([
      'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    ]);
    expect(problemsOf({ ...development, KAFKA_SASL_USERNAME: 'lgsp', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM',
    ]);
    expect(problemsOf({ ...development, KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      'KAFKA_SASL_MECHANISM must be scram-sha-256 or scram-sha-512',
      'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    ]);
    expect(problemsOf({ ...development, KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem' })).toEqual([
      'KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE need KAFKA_SSL=true',
    ]);
    const secured = validateEnvironment({
      ...development,
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'lgsp',
      KAFKA_SASL_PASSWORD: 'kafka-secret',
    });
    expect(secured.kafka.security).toEqual({
      ssl: { enabled: true, caFile: undefined, certFile: undefined, keyFile: undefined },
      sasl: { mechanism: 'scram-sha-256', username: 'lgsp', password: 'kafka-secret' },
    });
  });
});
