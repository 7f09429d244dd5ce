import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient, QueryResultRow } from 'pg';
import { BusConfig } from '@lgsp/config';
import { PoolExhaustedError, busyOrSelf } from './database-busy';

export type Transaction = Pick<PoolClient, 'query'>;

/** Notes are single short statements; two connections keep one slow commit from holding up the rest. */
const NOTES_POOL_SIZE = 2;

/** Work that must outlive a rollback, run on the transaction's own connection once it rolled back. */
export type AfterRollback = (connection: Transaction) => Promise<unknown>;

/**
 * The bus's only door to PostgreSQL. Each connection's search_path is the configured schema, so a deployment
 * (or a test) owns its tables without naming the schema in every statement.
 *
 * A unit of work holds one connection at a time: a handler that took a second one while holding its transaction
 * could wait for it forever once every connection was held the same way. The wait for a connection is bounded.
 *
 * Shutdown order: whatever takes work (consumers, the outbox relay, pollers) stops in onModuleDestroy, HTTP
 * closes next, and shared resources (this pool, the producer) close last, in onApplicationShutdown. Nest runs
 * onModuleDestroy before onApplicationShutdown, so in-flight work never meets a closed pool.
 */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly pool: Pool;
  /**
   * For notes that must be durable before the caller's transaction ends (commitNow). A pool of its own, so a
   * handler holding its transaction's connection never waits on another connection of the main pool.
   */
  private readonly notesPool: Pool;
  private readonly inTransaction = new AsyncLocalStorage<AfterRollback[]>();

  constructor(private readonly config: BusConfig) {
    this.pool = this.createPool(config.database.poolSize);
    this.notesPool = this.createPool(NOTES_POOL_SIZE);
  }

  private createPool(max: number): Pool {
    const { config } = this;
    const pool = new Pool({
      connectionString: config.database.url,
      max,
      connectionTimeoutMillis: config.database.poolWaitMs,
      // Bounds on what one session may hold: a frozen or vanished process's transaction ends, and its locks go.
      idle_in_transaction_session_timeout: config.database.idleInTransactionTimeoutMs,
      lock_timeout: config.database.lockTimeoutMs,
      statement_timeout: config.database.statementTimeoutMs,
      // Notices a database host that vanished without closing the connection (a failover), instead of waiting
      // on a dead socket for the operating system's two hours.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      options: `-c search_path=${config.database.schema}`,
      application_name: config.kafka.clientId,
    });
    // A connection the server ends (failover, restart, pg_terminate_backend) emits 'error'; with no listener,
    // Node ends the process. The pool drops an idle one by itself; one in use fails its statement, and its
    // transaction (below) destroys it instead of returning it.
    pool.on('error', (error) => this.logger.debug({ err: error }, 'An idle connection was dropped'));
    pool.on('connect', (client) =>
      client.on('error', (error) =>
        this.logger.warn({ err: error }, 'A database connection was lost; the pool opens a new one'),
      ),
    );
    return pool;
  }

  async query<Row extends QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const client = await this.connect();
    try {
      return (await client.query<Row>(sql, params)).rows;
    } catch (error) {
      throw busyOrSelf(error);
    } finally {
      client.release(); // the pool discards a connection that died meanwhile
    }
  }

  /**
   * Commits one statement at once, outside any transaction of the caller, on the notes pool: for a fact that must
   * survive whatever happens to the caller next, the process being killed included (a partner call about to be
   * made). A full notes pool is waited for as the main pool is.
   */
  async commitNow(sql: string, params: unknown[] = []): Promise<void> {
    try {
      await this.notesPool.query(sql, params);
    } catch (error) {
      throw busyOrSelf(error);
    }
  }

  /** Runs `work` in one transaction: all of its statements commit together or none do. */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.connect();
    const afterRollback: AfterRollback[] = [];
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await this.inTransaction.run(afterRollback, () => work(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await this.rollback(client);
      if (!broken) await this.runAfterRollback(afterRollback, client);
      throw busyOrSelf(error);
    } finally {
      client.release(broken);
      if (broken && afterRollback.length > 0) await this.runAfterRollback(afterRollback);
    }
  }

  /**
   * Within a transaction: runs `work` after it rolled back, on its own connection (in autocommit), for facts that
   * must survive the rollback, such as calls a partner already received. Nothing runs if the transaction commits.
   */
  afterRollback(work: AfterRollback): void {
    const pending = this.inTransaction.getStore();
    if (!pending) throw new Error('afterRollback() is only meaningful inside DatabaseService.transaction()');
    pending.push(work);
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      // pg says "timeout exceeded when trying to connect", which reads like a network fault; it is a full pool.
      if (error instanceof Error && /timeout exceeded when trying to connect/.test(error.message)) {
        const { poolWaitMs, poolSize } = this.config.database;
        throw new PoolExhaustedError(poolWaitMs, poolSize, { cause: error });
      }
      throw busyOrSelf(error);
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

  /** On the rolled-back connection, or (when it died) on a fresh one, taken only after it was released. */
  private async runAfterRollback(pending: AfterRollback[], connection?: PoolClient): Promise<void> {
    for (const work of pending) {
      try {
        if (connection) await work(connection);
        else await this.transaction(work);
      } catch (error) {
        // The original failure is what the caller must see; this one costs a repeated partner call at worst.
        this.logger.error({ err: error }, 'Recording work that outlives a rollback failed');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.pool.end(), this.notesPool.end()]);
  }
}
