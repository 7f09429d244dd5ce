import { createHash } from 'node:crypto';
import { AuditJson, AuditRecord } from './audit-record';

/** A value that cannot be hashed the same way twice: its serialisation would depend on who wrote it. */
export class NonCanonicalValueError extends Error {
  constructor(path: string, reason: string) {
    super(`The audit record cannot hold ${path}: ${reason}`);
    this.name = 'NonCanonicalValueError';
  }
}

/**
 * JSON with every object's keys sorted (by UTF-16 code units, as RFC 8785 orders them) and no whitespace, so a
 * record read back from jsonb (which keeps its own key order) serialises to the same bytes it was hashed from.
 * Numbers are written as JavaScript writes them, which is RFC 8785's rule; a non-finite number, which JSON cannot
 * hold, is refused rather than silently written as null.
 */
export function canonicalJson(value: AuditJson, path = '$'): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NonCanonicalValueError(path, `${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => canonicalJson(item, `${path}[${index}]`)).join(',')}]`;
  }
  if (typeof value !== 'object') {
    throw new NonCanonicalValueError(path, `a ${typeof value} is not JSON`);
  }
  const members = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key], `${path}.${key}`)}`);
  return `{${members.join(',')}}`;
}

export type HashedFields = Omit<AuditRecord, 'hash'>;

/**
 * SHA-256 (hex) over the canonical JSON of everything a record states, its place in the chain and the hash of the
 * record before it: changing any of them, or the order of records, changes the hash.
 */
export function recordHash(record: HashedFields): string {
  const canonical = canonicalJson({
    stream: record.stream,
    sequence: record.sequence,
    occurredAt: record.occurredAt.toISOString(),
    actor: record.actor,
    action: record.action,
    subject: record.subject,
    details: record.details,
    previousHash: record.previousHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
