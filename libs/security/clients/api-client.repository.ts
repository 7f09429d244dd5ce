import type { Transaction } from '@lgsp/persistence';
import { isScope, type Scope } from '../access/scope';
import type { ApiClient } from './api-client';

interface ClientRow {
  client_id: string;
  description: string;
  secret_hash: string;
  scopes: string[];
  agencies: string[];
  citizen_fields: string[];
  rate_limit_per_minute: number | null;
  created_at: Date;
  secret_rotated_at: Date;
  disabled_at: Date | null;
}

const COLUMNS =
  'client_id, description, secret_hash, scopes, agencies, citizen_fields, rate_limit_per_minute, created_at, ' +
  'secret_rotated_at, disabled_at';

function clientOf(row: ClientRow): ApiClient {
  return {
    clientId: row.client_id,
    description: row.description,
    secretHash: row.secret_hash,
    // A scope this version no longer knows grants nothing.
    scopes: row.scopes.filter(isScope),
    agencies: row.agencies,
    citizenFields: row.citizen_fields,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at,
    secretRotatedAt: row.secret_rotated_at,
    disabledAt: row.disabled_at,
  };
}

/** A client as the clients command registers it; the times are the database's. */
export type NewApiClient = Omit<ApiClient, 'createdAt' | 'secretRotatedAt' | 'disabledAt'>;

/** What an operator may change on an existing client (undefined: unchanged). */
export interface ApiClientChanges {
  description?: string;
  scopes?: Scope[];
  agencies?: string[];
  citizenFields?: string[];
  rateLimitPerMinute?: number | null;
}

/**
 * The SQL of the client table. Stateless: each statement runs on the connection it is given, so the clients
 * command changes a client and appends its audit record in one transaction.
 */
export const apiClientSql = {
  async find(tx: Transaction, clientId: string): Promise<ApiClient | undefined> {
    const { rows } = await tx.query<ClientRow>(`SELECT ${COLUMNS} FROM api_client WHERE client_id = $1`, [
      clientId,
    ]);
    return rows[0] ? clientOf(rows[0]) : undefined;
  },

  async list(tx: Transaction): Promise<ApiClient[]> {
    const { rows } = await tx.query<ClientRow>(`SELECT ${COLUMNS} FROM api_client ORDER BY client_id`);
    return rows.map(clientOf);
  },

  /** False when the id is taken. */
  async insert(tx: Transaction, client: NewApiClient): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO api_client (client_id, description, secret_hash, scopes, agencies, citizen_fields, rate_limit_per_minute)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id) DO NOTHING`,
      [
        client.clientId,
        client.description,
        client.secretHash,
        client.scopes,
        client.agencies,
        client.citizenFields,
        client.rateLimitPerMinute,
      ],
    );
    return rowCount === 1;
  },

  async update(tx: Transaction, clientId: string, changes: ApiClientChanges): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE api_client SET
         description = COALESCE($2, description),
         scopes = COALESCE($3, scopes),
         agencies = COALESCE($4, agencies),
         citizen_fields = COALESCE($5, citizen_fields),
         rate_limit_per_minute = CASE WHEN $6 THEN $7 ELSE rate_limit_per_minute END
       WHERE client_id = $1`,
      [
        clientId,
        changes.description ?? null,
        changes.scopes ?? null,
        changes.agencies ?? null,
        changes.citizenFields ?? null,
        changes.rateLimitPerMinute !== undefined,
        changes.rateLimitPerMinute ?? null,
      ],
    );
    return rowCount === 1;
  },

  async replaceSecret(tx: Transaction, clientId: string, secretHash: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      'UPDATE api_client SET secret_hash = $2, secret_rotated_at = now() WHERE client_id = $1',
      [clientId, secretHash],
    );
    return rowCount === 1;
  },

  async setDisabled(tx: Transaction, clientId: string, disabled: boolean): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE api_client SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) ELSE NULL END
       WHERE client_id = $1`,
      [clientId, disabled],
    );
    return rowCount === 1;
  },
};
