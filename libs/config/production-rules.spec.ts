import { IsOptional, IsString, Matches } from 'class-validator';
import { DEVELOPMENT_KEY_ENCRYPTION_SECRET, MIN_SECRET_LENGTH } from './access-environment';
import { ConfigSlice } from './config-slice';
import { InvalidConfigurationError } from './configuration-problems';
import { validateEnvironment } from './validate-environment';

/** A partner's slice as an adapter writes one; the config lib knows no partner of its own. */
class PartnerVariables {
  @Matches(/^https?:\/\/\S+$/, { message: 'PARTNER_URL must be an http(s) URL' })
  PARTNER_URL = 'http://127.0.0.1:4999';

  @IsString()
  PARTNER_PASSWORD = 'published-secret';

  @IsOptional()
  @IsString()
  PARTNER_API_KEY?: string;
}

const partnerConfig: ConfigSlice<PartnerVariables, { url: string; plainHttp: boolean }> = {
  name: 'partner',
  variables: PartnerVariables,
  production: {
    required: ['PARTNER_URL', 'PARTNER_PASSWORD'],
    httpsUrls: ['PARTNER_URL'],
    publishedSecrets: { PARTNER_PASSWORD: 'published-secret' },
    secrets: ['PARTNER_API_KEY'],
  },
  settings: (partner, { production }) => ({ url: partner.PARTNER_URL, plainHttp: !production }),
};

/** What a production deployment sets; each test removes or changes one thing. */
const production: Record<string, string> = {
  NODE_ENV: 'production',
  KAFKA_BROKERS: 'kafka-1.lgsp.internal:9093',
  DATABASE_URL: 'postgres://lgsp@db.lgsp.internal:5432/lgsp',
  DOCUMENT_HOSTS: 'files.one-stop.gov.vn',
  PARTNER_URL: 'https://partner.gov.vn',
  PARTNER_PASSWORD: 'a-real-password',
  PARTNER_API_KEY: 'k'.repeat(MIN_SECRET_LENGTH),
  AUTH_KEY_ENCRYPTION_SECRET: 's'.repeat(MIN_SECRET_LENGTH),
};

function problemsOf(environment: Record<string, string | undefined>, slices = [partnerConfig]): string[] {
  try {
    validateEnvironment(environment, slices);
    return [];
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error.problems;
    throw error;
  }
}

describe('production rules', () => {
  it('names every missing variable at once, the bus’s and its connectors’', () => {
    expect(problemsOf({ NODE_ENV: 'production', KAFKA_BROKERS: 'kafka:9093' })).toEqual([
      'DATABASE_URL must be set in production (no default applies)',
      'DOCUMENT_HOSTS must be set in production (no default applies)',
      'AUTH_KEY_ENCRYPTION_SECRET must be set in production (no default applies)',
      'PARTNER_URL must be set in production (no default applies)',
      'PARTNER_PASSWORD must be set in production (no default applies)',
      'PARTNER_API_KEY must be set in production (no default applies)',
    ]);
  });

  it('asks nothing of a connector the process does not run', () => {
    expect(problemsOf(production)).toEqual([]);
    expect(
      problemsOf({ ...production, PARTNER_URL: '', PARTNER_PASSWORD: '', PARTNER_API_KEY: '' }, []),
    ).toEqual([]);
  });

  it('refuses a secret shorter than MIN_SECRET_LENGTH, naming the variable and never its value', () => {
    const short = 'x'.repeat(MIN_SECRET_LENGTH - 1);
    const problems = problemsOf({ ...production, AUTH_KEY_ENCRYPTION_SECRET: short, PARTNER_API_KEY: short });
    expect(problems).toEqual([
      `AUTH_KEY_ENCRYPTION_SECRET must be at least ${MIN_SECRET_LENGTH} characters in production`,
      `PARTNER_API_KEY must be at least ${MIN_SECRET_LENGTH} characters in production`,
    ]);
    expect(problems.join('\n')).not.toContain(short);
    // A secret of only spaces is no secret: it counts as missing.
    expect(problemsOf({ ...production, PARTNER_API_KEY: ' '.repeat(MIN_SECRET_LENGTH) })).toEqual([
      'PARTNER_API_KEY must be set in production (no default applies)',
    ]);
  });

  it('refuses the published key-encryption secret once, though it is long enough', () => {
    expect(
      problemsOf({ ...production, AUTH_KEY_ENCRYPTION_SECRET: DEVELOPMENT_KEY_ENCRYPTION_SECRET }),
    ).toEqual(['AUTH_KEY_ENCRYPTION_SECRET is the published development default: set the real one']);
  });

  it('asks no length of a secret outside production', () => {
    expect(
      problemsOf({
        KAFKA_BROKERS: '127.0.0.1:9092',
        AUTH_KEY_ENCRYPTION_SECRET: 'short',
        PARTNER_API_KEY: 'k',
      }),
    ).toEqual([]);
  });

  it('refuses published secrets and plain http to partners', () => {
    expect(
      problemsOf({
        ...production,
        PARTNER_URL: 'http://partner.gov.vn',
        PARTNER_PASSWORD: 'published-secret',
      }),
    ).toEqual([
      'PARTNER_PASSWORD is the published development default: set the real one',
      'PARTNER_URL must be an https URL in production',
    ]);
  });

  it('reads a slice not validated at boot on first use, naming its problems then', () => {
    const config = validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092', PARTNER_URL: 'ftp://partner' });
    expect(() => config.slice(partnerConfig)).toThrow('PARTNER_URL must be an http(s) URL');
    expect(validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092' }).slice(partnerConfig)).toEqual({
      url: 'http://127.0.0.1:4999',
      plainHttp: true,
    });
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
