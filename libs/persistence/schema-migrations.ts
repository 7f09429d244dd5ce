import { join } from 'node:path';
import { Client } from 'pg';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = join(__dirname, 'migrations');

export interface MigrationLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Brings the schema up to date with node-pg-migrate's SQL migrations. A PostgreSQL advisory lock (taken by
 * node-pg-migrate) makes concurrent starts of several replicas safe.
 */
export async function migrateSchema(
  databaseUrl: string,
  schema: string,
  logger?: MigrationLogger,
): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'schema_migrations',
      schema,
      createSchema: true,
      checkOrder: true,
      count: Infinity,
      logger: logger ?? {
        debug: () => undefined,
        info: () => undefined,
        warn: console.warn,
        error: console.error,
      },
    });
    return applied.map((migration) => migration.name);
  } finally {
    await client.end();
  }
}
