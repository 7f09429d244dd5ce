import { Injectable } from '@nestjs/common';
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
  reasonCode?: string;
  status?: DeadLetterStatus;
  since?: Date;
  until?: Date;
  limit?: number;
}

interface DeadLetterRow {
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

const toRecord = (row: DeadLetterRow): StoredDeadLetter => ({
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
        letter.reason,
        letter.attempts,
      ],
    );
  }

  async list(query: DeadLetterQuery = {}): Promise<StoredDeadLetter[]> {
    const rows = await this.db.query<DeadLetterRow>(
      `SELECT * FROM dead_letter
       WHERE ($1::text IS NULL OR topic = $1) AND ($2::text IS NULL OR reason_code = $2)
         AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR dead_lettered_at >= $4) AND ($5::timestamptz IS NULL OR dead_lettered_at < $5)
       ORDER BY id LIMIT $6`,
      [
        query.topic ?? null,
        query.reasonCode ?? null,
        query.status ?? null,
        query.since ?? null,
        query.until ?? null,
        query.limit ?? 100,
      ],
    );
    return rows.map(toRecord);
  }

  async findOpen(ids: string[]): Promise<StoredDeadLetter[]> {
    const rows = await this.db.query<DeadLetterRow>(
      `SELECT * FROM dead_letter WHERE id = ANY($1::bigint[]) AND status = 'open' ORDER BY id`,
      [ids],
    );
    return rows.map(toRecord);
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
    const rows = tx
      ? (await tx.query<{ id: string }>(sql, [ids, status, note])).rows
      : await this.db.query<{ id: string }>(sql, [ids, status, note]);
    return rows.map((row) => row.id);
  }
}
