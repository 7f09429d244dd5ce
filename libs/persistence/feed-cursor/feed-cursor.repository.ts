import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '../database.service';

/** Where the bus is in a partner's feed; moved in the same transaction as what was read, so nothing is read twice. */
@Injectable()
export class FeedCursorRepository {
  constructor(private readonly db: DatabaseService) {}

  async read(feed: string): Promise<string | undefined> {
    const rows = await this.db.query<{ cursor_value: string }>(
      'SELECT cursor_value FROM feed_cursor WHERE feed = $1',
      [feed],
    );
    return rows[0]?.cursor_value;
  }

  async move(tx: Transaction, feed: string, cursor: string): Promise<void> {
    await tx.query(
      `INSERT INTO feed_cursor (feed, cursor_value) VALUES ($1, $2)
       ON CONFLICT (feed) DO UPDATE SET cursor_value = EXCLUDED.cursor_value, updated_at = now()`,
      [feed, cursor],
    );
  }
}
