import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { BusConfig } from '@lgsp/config';

export type Transaction = Pick<PoolClient, 'query'>;

/**
 * The bus's only door to PostgreSQL. Each connection's search_path is the configured schema, so a deployment
 * (or a test) owns its tables without naming the schema in every statement.
 *
 * Shutdown order: whatever takes work (consumers, the outbox relay, pollers) stops in onModuleDestroy, HTTP
 * closes next, and shared resources (this pool, the producer) close last, in onApplicationShutdown. Nest runs
 * onModuleDestroy before onApplicationShutdown, so in-flight work never meets a closed pool.
 */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly pool: Pool;

  constructor(config: BusConfig) {
    this.pool = new Pool({
      connectionString: config.database.url,
      max: config.database.poolSize,
      options: `-c search_path=${config.database.schema}`,
      application_name: config.kafka.clientId,
    });
    // A connection the server ends (failover, restart, pg_terminate_backend) emits 'error'; with no listener,
    // Node ends the process. The pool drops an idle one by itself; one in use fails its statement, and its
    // transaction (below) destroys it instead of returning it.
    this.pool.on('error', (error) => this.logger.debug({ err: error }, 'An idle connection was dropped'));
    this.pool.on('connect', (client) =>
      client.on('error', (error) =>
        this.logger.warn({ err: error }, 'A database connection was lost; the pool opens a new one'),
      ),
    );
  }

  async query<Row extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query<Row>(sql, params);
    return result.rows;
  }

  /** Runs `work` in one transaction: all of its statements commit together or none do. */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await this.rollback(client);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Returns the rollback's own error when the connection is unusable, so it is destroyed, not pooled again. */
  private async rollback(client: PoolClient): Promise<Error | undefined> {
    try {
      await client.query('ROLLBACK');
      return undefined;
    } catch (error) {
      // The server ended the transaction with the connection; the caller gets the error that caused this.
      this.logger.debug({ err: error }, 'Rollback impossible: the connection is gone');
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
