import { InvalidConfigurationError, validateEnvironment } from '@lgsp/config';
import { DEVELOPMENT_CITIZEN_ID_HASH_KEY, citizenVerificationConfig } from './citizen-verification.config';

const BASE = { KAFKA_BROKERS: '127.0.0.1:9092' };
const PRODUCTION = {
  ...BASE,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://bus@db.internal:5432/lgsp',
  DOCUMENT_HOSTS: '*.example.gov.vn',
  AUTH_KEY_ENCRYPTION_SECRET: 'k'.repeat(40),
};

const problemsOf = (raw: Record<string, string>): string[] => {
  try {
    validateEnvironment(raw, [citizenVerificationConfig]);
    return [];
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return [error.message];
    throw error;
  }
};

describe('citizen verification configuration', () => {
  it('defaults to a 5 s deadline and the published development key outside production', () => {
    expect(validateEnvironment(BASE).slice(citizenVerificationConfig)).toEqual({
      deadlineMs: 5_000,
      idHashKey: DEVELOPMENT_CITIZEN_ID_HASH_KEY,
    });
  });

  it('demands a real key of at least 32 characters in production, naming the variable only', () => {
    expect(problemsOf(PRODUCTION).join()).toContain('CITIZEN_ID_HASH_KEY must be set in production');
    expect(
      problemsOf({ ...PRODUCTION, CITIZEN_ID_HASH_KEY: DEVELOPMENT_CITIZEN_ID_HASH_KEY }).join(),
    ).toContain('CITIZEN_ID_HASH_KEY is the published development default');
    const short = problemsOf({ ...PRODUCTION, CITIZEN_ID_HASH_KEY: 'short-key-xyz' }).join();
    expect(short).toContain('CITIZEN_ID_HASH_KEY must be at least 32 characters');
    expect(short).not.toContain('short-key-xyz');
    expect(problemsOf({ ...PRODUCTION, CITIZEN_ID_HASH_KEY: 'p'.repeat(32) })).toEqual([]);
  });

  it('keeps the deadline inside the HTTP request timeout, so a late answer is a 504 and not a 503', () => {
    expect(
      problemsOf({
        ...BASE,
        CITIZEN_VERIFICATION_DEADLINE_MS: '9000',
        HTTP_REQUEST_TIMEOUT_MS: '9000',
      }).join(),
    ).toContain('CITIZEN_VERIFICATION_DEADLINE_MS must be shorter than HTTP_REQUEST_TIMEOUT_MS');
  });
});
