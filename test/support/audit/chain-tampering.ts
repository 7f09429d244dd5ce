import { Client } from 'pg';
import { AuditRecord, AuditStream, auditChainSql, recordHash } from '@lgsp/audit';
import { migrateSchema } from '@lgsp/persistence';
import { createTestEnvironment, databaseUrl } from '../test-environment';

/**
 * A migrated schema of its own with a superuser connection, for tests that forge the audit record as an operator
 * with superuser rights could: around each change the append-only trigger is disabled, as such an operator would.
 */
export class TamperableChain {
  private constructor(
    readonly schema: string,
    readonly client: Client,
    private readonly release: () => Promise<void>,
  ) {}

  static async create(name: string): Promise<TamperableChain> {
    const env = createTestEnvironment(name);
    await migrateSchema(databaseUrl(), env.schema);
    const client = new Client({ connectionString: databaseUrl(), options: `-c search_path=${env.schema}` });
    await client.connect();
    return new TamperableChain(env.schema, client, () => env.release());
  }

  /** Appends `count` records in one transaction, as a group commit does. */
  async append(stream: AuditStream, count: number): Promise<AuditRecord[]> {
    await this.client.query('BEGIN');
    const entries = Array.from({ length: count }, (_, index) => ({
      stream,
      actor: `operator-${index + 1}`,
      action: 'client-update',
      subject: `client-${index + 1}`,
      details: { scopes: ['dossiers:write'], index: index + 1 },
    }));
    const records = await auditChainSql.append(this.client, stream, entries, new Date());
    await this.client.query('COMMIT');
    return records;
  }

  async tamper(statements: (client: Client) => Promise<unknown>): Promise<void> {
    await this.client.query('BEGIN');
    try {
      await this.client.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
      await statements(this.client);
      await this.client.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }

  /**
   * Moves the records from `sequence` on by one place, through a distant range: the primary key is checked row by
   * row, so a direct shift would collide with its neighbour.
   */
  async renumberFrom(client: Client, stream: AuditStream, sequence: number, by: 1 | -1): Promise<void> {
    const aside = 1_000_000_000;
    await client.query(
      'UPDATE audit_record SET sequence = sequence + $3 WHERE stream = $1 AND sequence >= $2',
      [stream, sequence, aside],
    );
    await client.query(
      'UPDATE audit_record SET sequence = sequence - $2 + $3 WHERE stream = $1 AND sequence > $2',
      [stream, aside, by],
    );
  }

  /** A record forged the way someone who knows the hash rule would: correctly linked and hashed. */
  async insertForged(client: Client, fields: Omit<AuditRecord, 'hash'>): Promise<void> {
    await client.query(
      `INSERT INTO audit_record (stream, sequence, occurred_at, actor, action, subject, details, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        fields.stream,
        fields.sequence,
        fields.occurredAt,
        fields.actor,
        fields.action,
        fields.subject,
        JSON.stringify(fields.details),
        fields.previousHash,
        recordHash(fields),
      ],
    );
  }

  async close(): Promise<void> {
    await this.client.end();
    await this.release();
  }
}
