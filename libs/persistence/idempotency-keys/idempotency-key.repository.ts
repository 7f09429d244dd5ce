import { Injectable } from '@nestjs/common';
import { Transaction } from '../database.service';

/** One client's key. */
export interface ClientKey {
  clientId: string;
  key: string;
}

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

/** An answer to store under its client's key. */
export interface StoredAnswer extends ClientKey {
  response: StoredResponse;
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
    const stored = await this.claimOrFindMany(tx, [{ clientId, key }]);
    return stored.get(idempotencyKeyOf({ clientId, key }));
  }

  /** Stores the answer to a request whose key this transaction claimed. */
  store(tx: Transaction, clientId: string, key: string, response: StoredResponse): Promise<void> {
    return this.storeMany(tx, [{ clientId, key, response }]);
  }

  /**
   * claimOrFind for many keys at once: their locks in one statement, in lock-key order (two groups sharing keys
   * cannot each hold what the other waits for), then their stored answers in another. Keyed by idempotencyKeyOf().
   * Advisory locks belong to the whole database: the schema in the lock key keeps deployments sharing one apart.
   */
  async claimOrFindMany(tx: Transaction, keys: ClientKey[]): Promise<Map<string, StoredResponse>> {
    if (keys.length === 0) return new Map();
    const names = keys.map(({ clientId, key }) => `\n${clientId}\n${key}`);
    await tx.query(
      `SELECT pg_advisory_xact_lock(lock_key)
       FROM (SELECT DISTINCT hashtext(current_schema() || name) AS lock_key FROM unnest($1::text[]) AS name) AS keys
       ORDER BY lock_key`,
      [names],
    );
    const { rows } = await tx.query<{
      client_id: string;
      idempotency_key: string;
      request_fingerprint: string;
      response_status: number;
      response_body: unknown;
    }>(
      `SELECT stored.client_id, stored.idempotency_key, request_fingerprint, response_status, response_body
       FROM idempotency_key AS stored
       JOIN unnest($1::text[], $2::text[]) AS asked (client_id, idempotency_key)
         ON stored.client_id = asked.client_id AND stored.idempotency_key = asked.idempotency_key`,
      [keys.map((key) => key.clientId), keys.map((key) => key.key)],
    );
    return new Map(
      rows.map((row) => [
        idempotencyKeyOf({ clientId: row.client_id, key: row.idempotency_key }),
        { fingerprint: row.request_fingerprint, status: row.response_status, body: row.response_body },
      ]),
    );
  }

  /** store() for many answers in one statement. */
  async storeMany(tx: Transaction, answers: StoredAnswer[]): Promise<void> {
    if (answers.length === 0) return;
    await tx.query(
      `INSERT INTO idempotency_key (client_id, idempotency_key, request_fingerprint, response_status, response_body)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::jsonb[]) ON CONFLICT DO NOTHING`,
      [
        answers.map((answer) => answer.clientId),
        answers.map((answer) => answer.key),
        answers.map((answer) => answer.response.fingerprint),
        answers.map((answer) => answer.response.status),
        answers.map((answer) => JSON.stringify(answer.response.body)),
      ],
    );
  }
}

/** The map key claimOrFindMany() answers under. */
export function idempotencyKeyOf({ clientId, key }: ClientKey): string {
  return `${clientId}\n${key}`;
}
