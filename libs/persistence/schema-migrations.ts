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
 * Brings the schema up to date with node-pg-migrate's SQL migrations. Concurrent starts (several replicas, a
 * gateway and a worker) take turns on a PostgreSQL advisory lock; the later ones find nothing left to apply.
 */
export async function migrateSchema(
  databaseUrl: string,
  schema: string,
  logger?: MigrationLogger,
): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    // node-pg-migrate's own lock fails at once when another process holds it; a gateway and a worker starting
    // together (or two replicas) must wait their turn instead. This lock waits, per schema, and ends with the
    // session.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`lgsp-migrations:${schema}`]);
    const applied = await runner({
      noLock: true,
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
