import { nationalPortalConfig } from '@lgsp/adapters/national-portal';
import { oneStopConfig } from '@lgsp/adapters/one-stop';
import { populationDatabaseConfig } from '@lgsp/adapters/population-database';
import { InvalidConfigurationError, validateEnvironment } from '@lgsp/config';
import { configSlicesOf, enabledConnectors } from './connector-table';

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
  ONE_STOP_API_KEY: 'a-real-api-key-of-at-least-32-characters',
  NGSP_URL: 'https://api.ngsp.gov.vn',
  NGSP_CONSUMER_KEY: 'khanhhoa-lgsp',
  NGSP_CONSUMER_SECRET: 'issued-by-ngsp',
  POPULATION_DATABASE_INTEGRATION_CODE: 'H56',
  POPULATION_DATABASE_NAMESPACE: 'http://csdlqgvdc.gov.vn/',
  AUTH_KEY_ENCRYPTION_SECRET: 'a-real-key-encryption-secret-of-32-plus-chars',
};

/** The worker's configuration: the bus's variables and those of the connectors CONNECTORS names. */
const workerConfig = (environment: Record<string, string | undefined>) =>
  validateEnvironment(environment, configSlicesOf(enabledConnectors(environment.CONNECTORS)));

function problemsOf(environment: Record<string, string | undefined>): string[] {
  try {
    workerConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error.problems;
    throw error;
  }
}

const without = (...names: string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(production).filter(([name]) => !names.includes(name)));

describe('the worker’s configuration: the bus’s and its connectors’', () => {
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
      'NGSP_URL',
      'NGSP_CONSUMER_KEY',
      'NGSP_CONSUMER_SECRET',
      'POPULATION_DATABASE_INTEGRATION_CODE',
      'POPULATION_DATABASE_NAMESPACE',
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

  it('refuses the simulator’s published NGSP consumer secret, but not a short one NGSP issued', () => {
    expect(problemsOf({ ...production, NGSP_CONSUMER_SECRET: 'lgsp-consumer-secret' })).toEqual([
      'NGSP_CONSUMER_SECRET is the published development default: set the real one',
    ]);
    expect(problemsOf({ ...production, NGSP_CONSUMER_SECRET: 'short' })).toEqual([]);
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
    expect(
      problemsOf({
        ...without(...Object.keys(production).filter((name) => /^(NGSP|POPULATION)_/.test(name))),
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
    const config = workerConfig({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(config.slice(nationalPortalConfig).url).toBe('http://127.0.0.1:4101');
    expect(config.slice(oneStopConfig).url).toBe('http://127.0.0.1:4104');
    expect(config.slice(populationDatabaseConfig).url).toBe('http://127.0.0.1:4102');
  });

  it('refuses CONNECTORS naming a connector the worker does not have, listing those it has', () => {
    expect(problemsOf({ ...production, CONNECTORS: 'national-portal,payment' })).toEqual([
      'CONNECTORS names unknown connectors: payment (known: dossier-trace, national-portal, portal-inbound, one-stop, population-database)',
    ]);
  });

  it('checks rules between a connector’s variables and the bus’s, once per partner however many use it', () => {
    expect(problemsOf({ ...production, KAFKA_HANDLER_TIMEOUT_MS: '6000' })).toEqual([
      'NATIONAL_PORTAL_TIMEOUT_MS must be at most a third of KAFKA_HANDLER_TIMEOUT_MS',
    ]);
    expect(problemsOf({ ...production, POPULATION_DATABASE_TIMEOUT_MS: '2600' })).toEqual([
      'POPULATION_DATABASE_TIMEOUT_MS must be at most a quarter of KAFKA_HANDLER_TIMEOUT_MS',
    ]);
  });
});
