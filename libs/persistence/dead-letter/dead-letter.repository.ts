import { Injectable } from '@nestjs/common';
import { maskFreeText } from '@lgsp/observability';
import { DatabaseService, Transaction } from '../database.service';

export type DeadLetterStatus = 'open' | 'replayed' | 'discarded';

export interface DeadLetterRecord {
  messageId: string;
  consumerGroup: string;
  topic: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
  reasonCode: string;
  reason: string;
  attempts: number;
}

export interface StoredDeadLetter extends DeadLetterRecord {
  id: string;
  deadLetteredAt: Date;
  status: DeadLetterStatus;
  resolvedAt: Date | null;
  resolutionNote: string | null;
}

export interface DeadLetterQuery {
  topic?: string;
  /** The connector whose consumer group dead-lettered the message. */
  consumerGroup?: string;
  reasonCode?: string;
  /** Matches the reason code exactly, or appears in the reason text (case-insensitive). */
  reasonText?: string;
  status?: DeadLetterStatus;
  since?: Date;
  until?: Date;
  limit?: number;
}

export interface DeadLetterRow {
  id: string;
  message_id: string;
  consumer_group: string;
  topic: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  message_key: string | null;
  headers: Record<string, string>;
  value: Buffer | null;
  reason_code: string;
  reason: string;
  attempts: number;
  dead_lettered_at: Date;
  status: DeadLetterStatus;
  resolved_at: Date | null;
  resolution_note: string | null;
}

export const toRecord = (row: DeadLetterRow): StoredDeadLetter => ({
  id: row.id,
  messageId: row.message_id,
  consumerGroup: row.consumer_group,
  topic: row.topic,
  sourceTopic: row.source_topic,
  sourcePartition: row.source_partition,
  sourceOffset: row.source_offset,
  key: row.message_key,
  headers: row.headers,
  value: row.value,
  reasonCode: row.reason_code,
  reason: row.reason,
  attempts: row.attempts,
  deadLetteredAt: row.dead_lettered_at,
  status: row.status,
  resolvedAt: row.resolved_at,
  resolutionNote: row.resolution_note,
});

/**
 * The dead-letter store. A reason and a resolution note are free text from handlers and operators, read by people:
 * ID numbers and tokens in them are masked here, whoever wrote them (the failure router masks IDs already).
 */
@Injectable()
export class DeadLetterRepository {
  constructor(private readonly db: DatabaseService) {}

  async record(letter: DeadLetterRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO dead_letter (message_id, consumer_group, topic, source_topic, source_partition, source_offset,
         message_key, headers, value, reason_code, reason, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (consumer_group, message_id) WHERE status = 'open' DO NOTHING`,
      [
        letter.messageId,
        letter.consumerGroup,
        letter.topic,
        letter.sourceTopic,
        letter.sourcePartition,
        letter.sourceOffset,
        letter.key,
        JSON.stringify(letter.headers),
        letter.value,
        letter.reasonCode,
        maskFreeText(letter.reason),
        letter.attempts,
      ],
    );
  }

  /** In `tx` when given: a caller that locks what it finds reads on its transaction's connection, not a second one. */
  async list(query: DeadLetterQuery = {}, tx?: Transaction): Promise<StoredDeadLetter[]> {
    const sql = `SELECT * FROM dead_letter
       WHERE ($1::text IS NULL OR topic = $1) AND ($2::text IS NULL OR reason_code = $2)
         AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR dead_lettered_at >= $4) AND ($5::timestamptz IS NULL OR dead_lettered_at < $5)
         AND ($7::text IS NULL OR consumer_group = $7)
         AND ($8::text IS NULL OR reason_code = $8 OR strpos(lower(reason), lower($8)) > 0)
       ORDER BY id LIMIT $6`;
    const params = [
      query.topic ?? null,
      query.reasonCode ?? null,
      query.status ?? null,
      query.since ?? null,
      query.until ?? null,
      query.limit ?? 100,
      query.consumerGroup ?? null,
      query.reasonText ?? null,
    ];
    const rows = tx
      ? (await tx.query<DeadLetterRow>(sql, params)).rows
      : await this.db.query<DeadLetterRow>(sql, params);
    return rows.map(toRecord);
  }

  /** Open letters per consumer group (connector): the alert evaluation compares them between runs. */
  async countOpenByConsumerGroup(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ consumer_group: string; open_letters: number }>(
      `SELECT consumer_group, count(*)::int AS open_letters FROM dead_letter WHERE status = 'open'
       GROUP BY consumer_group`,
    );
    return new Map(rows.map((row) => [row.consumer_group, row.open_letters]));
  }

  async findById(id: string): Promise<StoredDeadLetter | undefined> {
    const rows = await this.db.query<DeadLetterRow>('SELECT * FROM dead_letter WHERE id = $1::bigint', [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async findOpen(ids: string[]): Promise<StoredDeadLetter[]> {
    const rows = await this.db.query<DeadLetterRow>(
      `SELECT * FROM dead_letter WHERE id = ANY($1::bigint[]) AND status = 'open' ORDER BY id`,
      [ids],
    );
    return rows.map(toRecord);
  }

  /**
   * The open letters among `ids`, locked in `tx` (in id order, so two operators' overlapping claims cannot
   * deadlock) until it ends. A concurrent claim waits on the rows, then finds them closed (commit) or open
   * (rollback): PostgreSQL checks `status` again on the row it waited for.
   */
  async lockOpen(tx: Transaction, ids: string[]): Promise<StoredDeadLetter[]> {
    const { rows } = await tx.query<DeadLetterRow>(
      `SELECT * FROM dead_letter WHERE id = ANY($1::bigint[]) AND status = 'open' ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map(toRecord);
  }

  /** Opens again letters marked replayed whose copy never reached the broker: they can be replayed again. */
  async reopen(tx: Transaction, ids: string[], note: string): Promise<string[]> {
    const { rows } = await tx.query<{ id: string }>(
      `UPDATE dead_letter SET status = 'open', resolved_at = NULL, resolution_note = $2
       WHERE id = ANY($1::bigint[]) AND status = 'replayed' RETURNING id`,
      [ids, maskFreeText(note)],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Closes open letters; returns the ids that were still open, so two operators never act on one twice. In a
   * transaction the rows stay locked until it ends: a concurrent resolve waits, then finds them closed (commit)
   * or still open (rollback).
   */
  async resolve(
    ids: string[],
    status: Exclude<DeadLetterStatus, 'open'>,
    note: string,
    tx?: Transaction,
  ): Promise<string[]> {
    const sql = `UPDATE dead_letter SET status = $2, resolved_at = now(), resolution_note = $3
       WHERE id = ANY($1::bigint[]) AND status = 'open' RETURNING id`;
    const params = [ids, status, maskFreeText(note)];
    const rows = tx
      ? (await tx.query<{ id: string }>(sql, params)).rows
      : await this.db.query<{ id: string }>(sql, params);
    return rows.map((row) => row.id);
  }
}
