import { Injectable } from '@nestjs/common';
import { Transaction } from '../database.service';

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Answers to requests sent with an Idempotency-Key, per client. The answer is stored in the same transaction as
 * the request's effects, so either both exist or neither does.
 */
@Injectable()
export class IdempotencyKeyRepository {
  /**
   * Takes the key for this request, or returns the answer stored for it. A concurrent request with the same
   * key waits on the transaction-scoped lock until the first commits, then reads its answer.
   */
  async claimOrFind(tx: Transaction, clientId: string, key: string): Promise<StoredResponse | undefined> {
    // Advisory locks belong to the whole database: the schema keeps deployments sharing one apart.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))`, [
      `\n${clientId}\n${key}`,
    ]);
    const { rows } = await tx.query<{
      request_fingerprint: string;
      response_status: number;
      response_body: unknown;
    }>(
      `SELECT request_fingerprint, response_status, response_body FROM idempotency_key
       WHERE client_id = $1 AND idempotency_key = $2`,
      [clientId, key],
    );
    const row = rows[0];
    return row
      ? { fingerprint: row.request_fingerprint, status: row.response_status, body: row.response_body }
      : undefined;
  }

  async store(tx: Transaction, clientId: string, key: string, response: StoredResponse): Promise<boolean> {
    const result = await tx.query(
      `INSERT INTO idempotency_key (client_id, idempotency_key, request_fingerprint, response_status, response_body)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [clientId, key, response.fingerprint, response.status, JSON.stringify(response.body)],
    );
    return result.rowCount === 1;
  }
}
