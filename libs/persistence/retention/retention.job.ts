import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { DatabaseService } from '../database.service';
import { RetentionRule, retentionRules } from './retention-rules';

/** Rows deleted per table in one run. */
export type RetentionReport = Record<string, number>;

/**
 * Deletes what the bus no longer needs, table by table, in batches of RETENTION_BATCH_SIZE rows, each batch its
 * own statement: no long transaction, no lock held for long, and the hot paths keep their pace while it runs.
 * Several workers may run it at once: a batch skips rows another one has locked.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private readonly rules: RetentionRule[];
  private timer?: NodeJS.Timeout;
  private running?: Promise<RetentionReport>;
  private stopping = false;

  constructor(
    private readonly db: DatabaseService,
    private readonly config: BusConfig,
  ) {
    this.rules = retentionRules(config.retention);
  }

  onApplicationBootstrap(): void {
    const { intervalMs } = this.config.retention;
    if (intervalMs === 0) return;
    this.timer = setInterval(() => void this.runLogged(), intervalMs);
    this.timer.unref();
  }

  /** Stops scheduling and lets a run in progress finish its current batch, before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    // A failed run was already reported to its caller (or logged by the scheduler); shutdown only waits for it.
    await this.running?.catch(() => undefined);
  }

  /** One pass over every table; a run already in progress is joined, not doubled. */
  run(now: Date = new Date()): Promise<RetentionReport> {
    this.running ??= this.deleteExpired(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runLogged(): Promise<void> {
    try {
      const report = await this.run();
      const deleted = Object.entries(report).filter(([, count]) => count > 0);
      if (deleted.length > 0) {
        this.logger.log(
          `Deleted expired rows: ${deleted.map(([table, count]) => `${table} ${count}`).join(', ')}`,
        );
      }
    } catch (error) {
      // The next run tries again; nothing is lost by a failed run but time.
      this.logger.warn({ err: error }, 'Retention run failed');
    }
  }

  private async deleteExpired(now: Date): Promise<RetentionReport> {
    const report: RetentionReport = {};
    for (const rule of this.rules) {
      report[rule.table] = 0;
      const before = new Date(now.getTime() - rule.keepMs);
      for (;;) {
        if (this.stopping) return report;
        const deleted = await this.deleteBatch(rule, before);
        report[rule.table] += deleted;
        if (deleted < this.config.retention.batchSize) break;
      }
    }
    return report;
  }

  private async deleteBatch(rule: RetentionRule, before: Date): Promise<number> {
    const condition = rule.only ? `AND ${rule.only}` : '';
    const [{ deleted }] = await this.db.query<{ deleted: number }>(
      `WITH doomed AS (
         SELECT ctid FROM ${rule.table}
          WHERE ${rule.timeColumn} < $1 ${condition}
          LIMIT $2
            FOR UPDATE SKIP LOCKED
       ), gone AS (
         DELETE FROM ${rule.table} WHERE ctid IN (SELECT ctid FROM doomed) RETURNING 1
       )
       SELECT count(*)::int AS deleted FROM gone`,
      [before, this.config.retention.batchSize],
    );
    return deleted;
  }
}
