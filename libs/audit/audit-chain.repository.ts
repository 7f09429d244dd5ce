import type { Transaction } from '@lgsp/persistence';
import { AuditEntry, AuditJson, AuditRecord, AuditStream, isAuditStream } from './audit-record';
import { recordHash } from './canonical-hash';

export interface ChainHead {
  sequence: number;
  hash: string;
}

interface RecordRow {
  stream: string;
  sequence: string;
  occurred_at: Date;
  actor: string;
  action: string;
  subject: string;
  details: { [key: string]: AuditJson };
  previous_hash: string;
  hash: string;
}

const COLUMNS = 'stream, sequence, occurred_at, actor, action, subject, details, previous_hash, hash';

/**
 * The SQL of the audit chains. Stateless: every statement runs on the connection it is given, so an append joins
 * the transaction of the action it audits.
 */
export const auditChainSql = {
  /**
   * Appends `entries` (all of one stream) after the chain's head, in one INSERT. The head row stays locked until
   * the transaction ends: concurrent writers of the stream, in any process, take turns there, and each starts
   * from the head the previous one left.
   */
  async append(
    tx: Transaction,
    stream: AuditStream,
    entries: AuditEntry[],
    now: Date,
  ): Promise<AuditRecord[]> {
    const { rows } = await tx.query<{ sequence: string; hash: string }>(
      'SELECT sequence, hash FROM audit_chain_head WHERE stream = $1 FOR UPDATE',
      [stream],
    );
    const head = rows[0];
    if (!head) throw new Error(`The audit chain ${stream} has no head row: are the migrations applied?`);
    let previous: ChainHead = { sequence: Number(head.sequence), hash: head.hash };
    const records = entries.map((entry): AuditRecord => {
      const fields = {
        stream,
        sequence: previous.sequence + 1,
        occurredAt: entry.occurredAt ?? now,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        // What jsonb will hold and give back: a value with toJSON() or undefined members is hashed as stored.
        details: JSON.parse(JSON.stringify(entry.details)) as AuditRecord['details'],
        previousHash: previous.hash,
      };
      const record = { ...fields, hash: recordHash(fields) };
      previous = record;
      return record;
    });
    await tx.query(
      `INSERT INTO audit_record (${COLUMNS})
       SELECT $1, * FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
                                $8::text[], $9::text[])`,
      [
        stream,
        records.map((record) => record.sequence),
        records.map((record) => record.occurredAt),
        records.map((record) => record.actor),
        records.map((record) => record.action),
        records.map((record) => record.subject),
        records.map((record) => JSON.stringify(record.details)),
        records.map((record) => record.previousHash),
        records.map((record) => record.hash),
      ],
    );
    await tx.query('UPDATE audit_chain_head SET sequence = $2, hash = $3 WHERE stream = $1', [
      stream,
      previous.sequence,
      previous.hash,
    ]);
    return records;
  },

  async head(tx: Transaction, stream: AuditStream): Promise<ChainHead | undefined> {
    const { rows } = await tx.query<{ sequence: string; hash: string }>(
      'SELECT sequence, hash FROM audit_chain_head WHERE stream = $1',
      [stream],
    );
    return rows[0] && { sequence: Number(rows[0].sequence), hash: rows[0].hash };
  },

  /** Up to `limit` records of a chain after `afterSequence`, in chain order. */
  async page(
    tx: Transaction,
    stream: AuditStream,
    afterSequence: number,
    limit: number,
  ): Promise<AuditRecord[]> {
    const { rows } = await tx.query<RecordRow>(
      `SELECT ${COLUMNS} FROM audit_record WHERE stream = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
      [stream, afterSequence, limit],
    );
    return rows.map(recordOf);
  },

  /** A subject's records of one action, in chain order. */
  async ofSubject(
    tx: Transaction,
    stream: AuditStream,
    action: string,
    subject: string,
  ): Promise<AuditRecord[]> {
    const { rows } = await tx.query<RecordRow>(
      `SELECT ${COLUMNS} FROM audit_record WHERE stream = $1 AND subject = $2 AND action = $3 ORDER BY sequence`,
      [stream, subject, action],
    );
    return rows.map(recordOf);
  },
};

function recordOf(row: RecordRow): AuditRecord {
  if (!isAuditStream(row.stream)) throw new Error(`audit_record holds an unknown stream ${row.stream}`);
  return {
    stream: row.stream,
    sequence: Number(row.sequence),
    occurredAt: row.occurred_at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: row.details,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
