/** The chains of the audit record: one per kind of audited action, each with its own sequence. */
export const AUDIT_STREAMS = [
  'citizen-lookup',
  'operator-action',
  'payment-callback',
  'client-admin',
] as const;

export type AuditStream = (typeof AUDIT_STREAMS)[number];

/** A JSON value as PostgreSQL's jsonb keeps it: what a record's details may hold. */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

/** What an audited action states about itself. */
export interface AuditEntry {
  stream: AuditStream;
  /** Who acted: an operator, a client id. */
  actor: string;
  /** What was done, e.g. `ledger-repair`. */
  action: string;
  /** What it was done to, e.g. a dossier code. */
  subject: string;
  details: { [key: string]: AuditJson };
  /** Default: when the record is appended. */
  occurredAt?: Date;
}

/** A record as the chain holds it. */
export interface AuditRecord {
  stream: AuditStream;
  sequence: number;
  occurredAt: Date;
  actor: string;
  action: string;
  subject: string;
  details: { [key: string]: AuditJson };
  previousHash: string;
  hash: string;
}

/** The previous hash of each chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

export function isAuditStream(value: string): value is AuditStream {
  return (AUDIT_STREAMS as readonly string[]).includes(value);
}
