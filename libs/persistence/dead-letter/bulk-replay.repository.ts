import { Injectable } from '@nestjs/common';
import { maskFreeText } from '@lgsp/observability';
import { DatabaseService, Transaction } from '../database.service';
import { DeadLetterRow, StoredDeadLetter, toRecord } from './dead-letter.repository';

export type BulkReplayState = 'running' | 'paused' | 'finished' | 'cancelled';

/** Which dead letters a bulk replay takes: one connector's open letters, by reason and time. */
export interface BulkReplayFilter {
  connector: string;
  /** The reason code, or text the reason contains (case-insensitive). */
  reason?: string;
  deadFrom?: Date;
  deadTo?: Date;
}

export interface BulkReplay extends BulkReplayFilter {
  id: string;
  askedAt: Date;
  askedBy: string;
  ratePerSecond: number;
  state: BulkReplayState;
  /** Open letters the filter matched when the replay was asked for. */
  total: number;
  replayed: number;
  failed: number;
  finishedAt: Date | null;
  updatedAt: Date;
}

interface BulkReplayRow {
  id: string;
  connector: string;
  reason: string | null;
  dead_from: Date | null;
  dead_to: Date | null;
  asked_at: Date;
  asked_by: string;
  rate_per_second: number;
  state: BulkReplayState;
  total: number;
  replayed: number;
  failed: number;
  finished_at: Date | null;
  updated_at: Date;
}

const toReplay = (row: BulkReplayRow): BulkReplay => ({
  id: row.id,
  connector: row.connector,
  reason: row.reason ?? undefined,
  deadFrom: row.dead_from ?? undefined,
  deadTo: row.dead_to ?? undefined,
  askedAt: row.asked_at,
  askedBy: row.asked_by,
  ratePerSecond: row.rate_per_second,
  state: row.state,
  total: row.total,
  replayed: row.replayed,
  failed: row.failed,
  finishedAt: row.finished_at,
  updatedAt: row.updated_at,
});

/** The letters of replay `r` (a row of bulk_replay): its filter, open, dead-lettered before it was asked for. */
const LETTERS_OF = `d.status = 'open' AND d.consumer_group = r.connector AND d.dead_lettered_at <= r.asked_at
  AND (r.reason IS NULL OR d.reason_code = r.reason OR strpos(lower(d.reason), lower(r.reason)) > 0)
  AND (r.dead_from IS NULL OR d.dead_lettered_at >= r.dead_from) AND (r.dead_to IS NULL OR d.dead_lettered_at < r.dead_to)`;

/**
 * Bulk replays of dead letters (bulk_replay) and the letters each takes, a few at a time, in id order. The runner
 * holds a replay by a lease; taking letters checks the replay is still running and still its own, in the
 * transaction that marks them replayed, so a pause takes effect before the next letter.
 */
@Injectable()
export class BulkReplayRepository {
  constructor(private readonly db: DatabaseService) {}

  async create(
    tx: Transaction,
    filter: BulkReplayFilter,
    ratePerSecond: number,
    askedBy: string,
  ): Promise<BulkReplay> {
    const { rows } = await tx.query<BulkReplayRow>(
      `WITH r AS (SELECT $1::text AS connector, $2::text AS reason, $3::timestamptz AS dead_from,
                    $4::timestamptz AS dead_to, now() AS asked_at)
       INSERT INTO bulk_replay (connector, reason, dead_from, dead_to, asked_at, rate_per_second, total, asked_by)
       SELECT r.connector, r.reason, r.dead_from, r.dead_to, r.asked_at, $5,
         (SELECT count(*) FROM dead_letter d WHERE ${LETTERS_OF}), $6
       FROM r RETURNING *`,
      [
        filter.connector,
        filter.reason ?? null,
        filter.deadFrom ?? null,
        filter.deadTo ?? null,
        ratePerSecond,
        askedBy,
      ],
    );
    return toReplay(rows[0]);
  }

  async find(id: string): Promise<BulkReplay | undefined> {
    const rows = await this.db.query<BulkReplayRow>(`SELECT * FROM bulk_replay WHERE id = $1::bigint`, [id]);
    return rows[0] && toReplay(rows[0]);
  }

  async list(limit = 50): Promise<BulkReplay[]> {
    const rows = await this.db.query<BulkReplayRow>(`SELECT * FROM bulk_replay ORDER BY id DESC LIMIT $1`, [
      limit,
    ]);
    return rows.map(toReplay);
  }

  /** Moves a replay from one of `from` to `to` (a pause lets its lease go); undefined when it was in none. */
  async move(
    tx: Transaction,
    id: string,
    from: BulkReplayState[],
    to: BulkReplayState,
  ): Promise<BulkReplay | undefined> {
    const { rows } = await tx.query<BulkReplayRow>(
      `UPDATE bulk_replay SET state = $3, runner = NULL, lease_until = NULL, updated_at = now(),
         finished_at = CASE WHEN $3 IN ('finished', 'cancelled') THEN now() END
       WHERE id = $1::bigint AND state = ANY($2::text[]) RETURNING *`,
      [id, from, to],
    );
    return rows[0] && toReplay(rows[0]);
  }

  /** A running replay nobody holds (or this runner already does), held for `leaseMs`. */
  async claim(runner: string, leaseMs: number): Promise<BulkReplay | undefined> {
    const rows = await this.db.query<BulkReplayRow>(
      `UPDATE bulk_replay SET runner = $1, lease_until = now() + $2 * interval '1 millisecond'
       WHERE id = (SELECT id FROM bulk_replay WHERE state = 'running'
                     AND (runner IS NULL OR lease_until < now() OR runner = $1)
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [runner, leaseMs],
    );
    return rows[0] && toReplay(rows[0]);
  }

  /**
   * Takes the replay's next `count` letters and marks them replayed, in `tx`; the replay moves on past them (or
   * finishes when none is left). Undefined when the replay is no longer running under this runner: paused,
   * cancelled, or taken over after a lapsed lease.
   */
  async takeNext(
    tx: Transaction,
    id: string,
    runner: string,
    count: number,
  ): Promise<{ replay: BulkReplay; letters: StoredDeadLetter[] } | undefined> {
    const held = await tx.query<{ id: string }>(
      `SELECT id FROM bulk_replay WHERE id = $1::bigint AND state = 'running' AND runner = $2 FOR UPDATE`,
      [id, runner],
    );
    if (held.rows.length === 0) return undefined;
    const { rows: letters } = await tx.query<DeadLetterRow>(
      `UPDATE dead_letter SET status = 'replayed', resolved_at = now(), resolution_note = $3
       WHERE id IN (SELECT d.id FROM dead_letter d, bulk_replay r
                    WHERE r.id = $1::bigint AND d.id > r.last_letter_id AND ${LETTERS_OF}
                    ORDER BY d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED)
       RETURNING *`,
      [id, count, maskFreeText(`replayed by bulk replay ${id}`)],
    );
    const taken = letters.map(toRecord).sort((a, b) => Number(a.id) - Number(b.id));
    const { rows } = await tx.query<BulkReplayRow>(
      `UPDATE bulk_replay SET replayed = replayed + $2,
         last_letter_id = GREATEST(last_letter_id, COALESCE($3::bigint, 0)), updated_at = now(),
         state = CASE WHEN $2 = 0 THEN 'finished' ELSE state END,
         finished_at = CASE WHEN $2 = 0 THEN now() END
       WHERE id = $1::bigint RETURNING *`,
      [id, taken.length, taken.at(-1)?.id ?? null],
    );
    return { replay: toReplay(rows[0]), letters: taken };
  }

  /** Copies the broker did not take: their letters are open again, counted as failed. */
  async countFailed(tx: Transaction, id: string, failed: number): Promise<void> {
    await tx.query(
      `UPDATE bulk_replay SET failed = failed + $2, replayed = replayed - $2, updated_at = now() WHERE id = $1::bigint`,
      [id, failed],
    );
  }
}
