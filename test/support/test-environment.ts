import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Every integration test file gets its own topic prefix and database schema on the shared broker and database,
 * so files run in parallel without seeing each other's data.
 */
export interface TestEnvironment {
  prefix: string;
  schema: string;
  overrides: Record<string, string>;
  dropSchema(): Promise<void>;
}

export function brokers(): string {
  const value = process.env.KAFKA_BROKERS;
  if (!value)
    throw new Error('KAFKA_BROKERS is not set: integration tests run through the jest global setup');
  return value;
}

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function createTestEnvironment(name: string, extra: Record<string, string> = {}): TestEnvironment {
  const suffix = randomBytes(4).toString('hex');
  const prefix = `test-${name}-${suffix}`;
  const schema = `test_${name.replace(/[^a-z0-9]/g, '_')}_${suffix}`;
  return {
    prefix,
    schema,
    overrides: {
      KAFKA_BROKERS: brokers(),
      DATABASE_URL: databaseUrl(),
      TOPIC_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      KAFKA_CLIENT_ID: prefix,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      LOG_FORMAT: 'json',
      PORT: '0',
      WORKER_PORT: '0',
      GATEWAY_METRICS_PORT: '0',
      NODE_ENV: 'test',
      ...extra,
    },
    async dropSchema() {
      const client = new Client({ connectionString: databaseUrl() });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
