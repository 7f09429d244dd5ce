import type { Transaction } from '@lgsp/persistence';
import { AuditRecord, AuditStream, GENESIS_HASH } from './audit-record';
import { auditChainSql } from './audit-chain.repository';
import { recordHash } from './canonical-hash';

export type ChainBreakKind = 'altered' | 'inserted' | 'deleted';

/** The first record of a chain that is not what was appended: changed, added afterwards, or missing. */
export interface ChainBreak {
  kind: ChainBreakKind;
  stream: AuditStream;
  sequence: number;
  explanation: string;
}

export interface ChainReport {
  stream: AuditStream;
  /** Records read. */
  records: number;
  head: { sequence: number; hash: string };
  break?: ChainBreak;
}

const PAGE = 1_000;

/**
 * Walks one chain in sequence order, recomputing each record's hash and its link to the one before, and names the
 * first record that breaks it. Reads in pages, so a chain of any length fits in memory.
 */
export async function verifyChain(tx: Transaction, stream: AuditStream): Promise<ChainReport> {
  const head = (await auditChainSql.head(tx, stream)) ?? { sequence: 0, hash: GENESIS_HASH };
  const report = (records: number, found?: Omit<ChainBreak, 'stream'>): ChainReport => ({
    stream,
    records,
    head,
    ...(found ? { break: { stream, ...found } } : {}),
  });
  let beforePrevious: AuditRecord | undefined;
  let previous: AuditRecord | undefined;
  let read = 0;
  for (;;) {
    const page = await auditChainSql.page(tx, stream, previous?.sequence ?? 0, PAGE);
    for (const record of page) {
      read += 1;
      const found = breakAt(record, previous, beforePrevious);
      if (found) return report(read, found);
      beforePrevious = previous;
      previous = record;
    }
    if (page.length < PAGE) break;
  }
  const last = previous ?? { sequence: 0, hash: GENESIS_HASH };
  if (last.sequence < head.sequence) {
    return report(read, {
      kind: 'deleted',
      sequence: last.sequence + 1,
      explanation: `records ${last.sequence + 1} to ${head.sequence} are missing: the chain's head is ${head.sequence}`,
    });
  }
  if (last.sequence > head.sequence) {
    return report(read, {
      kind: 'inserted',
      sequence: head.sequence + 1,
      explanation: `record ${head.sequence + 1} lies beyond the chain's head (${head.sequence})`,
    });
  }
  if (last.hash !== head.hash) {
    return report(read, {
      kind: 'altered',
      sequence: last.sequence,
      explanation: `record ${last.sequence}'s hash is not the one the chain's head holds`,
    });
  }
  return report(read);
}

function breakAt(
  record: AuditRecord,
  previous: AuditRecord | undefined,
  beforePrevious: AuditRecord | undefined,
): Omit<ChainBreak, 'stream'> | undefined {
  const expected = (previous?.sequence ?? 0) + 1;
  const expectedLink = previous?.hash ?? GENESIS_HASH;
  if (record.sequence > expected) {
    return {
      kind: 'deleted',
      sequence: expected,
      explanation: `record ${expected} is missing: record ${record.sequence} follows record ${expected - 1}`,
    };
  }
  const linked = record.previousHash === expectedLink;
  // The record links to the one two back: the one between was added afterwards (with the later ones renumbered).
  if (!linked && previous && record.previousHash === (beforePrevious?.hash ?? GENESIS_HASH)) {
    return {
      kind: 'inserted',
      sequence: previous.sequence,
      explanation: `record ${previous.sequence} was added afterwards: record ${record.sequence} links to the one before it`,
    };
  }
  if (recordHash(record) !== record.hash) {
    // Its content matches its hash one place later: the record before it was removed and the rest renumbered.
    if (!linked && recordHash({ ...record, sequence: record.sequence + 1 }) === record.hash) {
      return {
        kind: 'deleted',
        sequence: record.sequence,
        explanation: `record ${record.sequence} is missing: the records after it were renumbered`,
      };
    }
    return {
      kind: 'altered',
      sequence: record.sequence,
      explanation: `record ${record.sequence}'s content does not match its hash`,
    };
  }
  if (!linked && !previous) {
    return {
      kind: 'altered',
      sequence: record.sequence,
      explanation: `record ${record.sequence} was changed and rehashed: it does not start the chain`,
    };
  }
  if (!linked && previous) {
    // The record is intact, and its link is part of what it hashes: the one before it changed, hash and all.
    return {
      kind: 'altered',
      sequence: previous.sequence,
      explanation: `record ${previous.sequence} was changed and rehashed: record ${record.sequence} no longer links to it`,
    };
  }
  return undefined;
}
