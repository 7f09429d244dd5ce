import { Injectable, OnApplicationShutdown } from '@nestjs/common';
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
  private readonly pool: Pool;

  constructor(config: BusConfig) {
    this.pool = new Pool({
      connectionString: config.database.url,
      max: config.database.poolSize,
      options: `-c search_path=${config.database.schema}`,
      application_name: config.kafka.clientId,
    });
  }

  async query<Row extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query<Row>(sql, params);
    return result.rows;
  }

  /** Runs `work` in one transaction: all of its statements commit together or none do. */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
