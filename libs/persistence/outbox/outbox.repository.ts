import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '../database.service';

export interface OutboxEntry {
  messageId: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: Buffer;
}

export interface PendingOutboxEntry extends OutboxEntry {
  id: string;
}

interface OutboxRow {
  id: string;
  message_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  value: Buffer;
}

/**
 * A transaction-scoped advisory lock, (RELAY_LOCK, hashtext(schema)): only one relay of a deployment publishes at
 * a time, which keeps per-key order. Advisory locks are per database, so the schema is part of the key: another
 * deployment (or test) in the same database has its own outbox and its own relay.
 */
const RELAY_LOCK = 0x6c677370;

@Injectable()
export class OutboxRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Adds a message in the caller's transaction: it exists only if the state change that caused it commits. */
  async add(tx: Transaction, entry: OutboxEntry): Promise<void> {
    await tx.query(
      `INSERT INTO outbox_message (message_id, topic, message_key, headers, value) VALUES ($1, $2, $3, $4, $5)`,
      [entry.messageId, entry.topic, entry.key, JSON.stringify(entry.headers), entry.value],
    );
  }

  /**
   * Hands the oldest unpublished entries to `publish`, which returns how many of them, from the first, reached
   * Kafka; those are marked sent in the same transaction. Returns that count, or -1 when another relay holds the
   * lock. A crash after publishing and before the commit publishes those entries again; consumers drop the
   * repeat by message id.
   */
  async publishBatch(
    limit: number,
    publish: (entries: PendingOutboxEntry[]) => Promise<number>,
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const lock = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema())) AS locked',
        [RELAY_LOCK],
      );
      if (!lock.rows[0]?.locked) return -1;
      const { rows } = await tx.query<OutboxRow>(
        `SELECT id, message_id, topic, message_key, headers, value FROM outbox_message
         WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const published = await publish(
        rows.map((row) => ({
          id: row.id,
          messageId: row.message_id,
          topic: row.topic,
          key: row.message_key,
          headers: row.headers,
          value: row.value,
        })),
      );
      if (published > 0) {
        await tx.query('UPDATE outbox_message SET published_at = now() WHERE id = ANY($1::bigint[])', [
          rows.slice(0, published).map((row) => row.id),
        ]);
      }
      return published;
    });
  }

  /** Age of the oldest unpublished entry in seconds, 0 when the outbox is drained. */
  async oldestPendingAgeSeconds(): Promise<number> {
    const rows = await this.db.query<{ age: number | null }>(
      `SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age FROM outbox_message WHERE published_at IS NULL`,
    );
    return rows[0]?.age ?? 0;
  }

  /**
   * Per topic (as written, with the deployment prefix), the age in seconds of its oldest unpublished entry; a
   * topic with nothing waiting is absent. Operators read it per connector: what waits for the topics it consumes.
   */
  async pendingAgeByTopic(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ topic: string; age: number }>(
      `SELECT topic, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age FROM outbox_message
       WHERE published_at IS NULL GROUP BY topic`,
    );
    return new Map(rows.map((row) => [row.topic, row.age]));
  }
}
