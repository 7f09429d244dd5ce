import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { Client } from 'pg';
import { DatabaseState } from '../infrastructure-state';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function databaseAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startPostgresContainer(log: (line: string) => void): Promise<DatabaseState> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  log('Starting PostgreSQL 16 with testcontainers');
  const container = await new PostgreSqlContainer('postgres:16-alpine').withDatabase('test').start();
  return { url: container.getConnectionUri(), source: 'testcontainers', containerId: container.getId() };
}
