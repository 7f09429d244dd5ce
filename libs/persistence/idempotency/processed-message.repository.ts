import { Injectable } from '@nestjs/common';
import { Transaction } from '../database.service';

@Injectable()
export class ProcessedMessageRepository {
  /**
   * Claims a message id for a consumer group inside the caller's transaction. A concurrent claim of the same id
   * waits on the primary key until the first transaction ends: it then sees the row (first one committed, so
   * this is a duplicate) or takes the claim (first one rolled back).
   */
  async claim(tx: Transaction, consumerGroup: string, messageId: string, topic: string): Promise<boolean> {
    const result = await tx.query(
      `INSERT INTO processed_message (consumer_group, message_id, topic) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [consumerGroup, messageId, topic],
    );
    return result.rowCount === 1;
  }

  /** Claims many ids in one statement; returns those this transaction took (the others were processed). */
  async claimMany(
    tx: Transaction,
    consumerGroup: string,
    messageIds: string[],
    topic: string,
  ): Promise<Set<string>> {
    const { rows } = await tx.query<{ message_id: string }>(
      `INSERT INTO processed_message (consumer_group, message_id, topic)
       SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [consumerGroup, [...new Set(messageIds)], topic],
    );
    return new Set(rows.map((row) => row.message_id));
  }
}
