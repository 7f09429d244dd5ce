import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { deleteTopics } from '@lgsp/infrastructure';
import { logFileFor } from './log-scan/test-log-run';
import { noteRunSchema } from './run-schemas';

/**
 * Every integration test file gets its own topic prefix and database schema on the shared broker and database,
 * so files run in parallel without seeing each other's data.
 */
export interface TestEnvironment {
  prefix: string;
  schema: string;
  overrides: Record<string, string>;
  /**
   * Drops the file's schema and deletes its topics, once its apps are closed. The broker is shared by the whole
   * run: topics left behind pile up (a bus start creates some thirty, six partitions each) and slow down every
   * later test's broker requests.
   */
  release(): Promise<void>;
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
  const logFile = logFileFor(prefix);
  noteRunSchema(schema);
  return {
    prefix,
    schema,
    overrides: {
      KAFKA_BROKERS: brokers(),
      DATABASE_URL: databaseUrl(),
      TOPIC_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      KAFKA_CLIENT_ID: prefix,
      // With the run's log folder the apps write info lines to a file of their own (the console stays quiet)
      // for the log scan after the run; without it, warnings on the console.
      ...(logFile ? { LOG_FILE: logFile } : {}),
      LOG_LEVEL: process.env.LOG_LEVEL ?? (logFile ? 'info' : 'warn'),
      LOG_FORMAT: 'json',
      PORT: '0',
      WORKER_PORT: '0',
      GATEWAY_METRICS_PORT: '0',
      NODE_ENV: 'test',
      ...extra,
    },
    async release() {
      const client = new Client({ connectionString: databaseUrl() });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
      await deleteTopics(brokers(), prefix);
    },
  };
}
