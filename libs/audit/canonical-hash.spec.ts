import { createHash } from 'node:crypto';
import { GENESIS_HASH } from './audit-record';
import { HashedFields, NonCanonicalValueError, canonicalJson, recordHash } from './canonical-hash';

const record: HashedFields = {
  stream: 'operator-action',
  sequence: 7,
  occurredAt: new Date('2026-01-15T03:00:00.123Z'),
  actor: 'ops-on-duty',
  action: 'ledger-repair',
  subject: 'H56.22-000001',
  details: { reason: 'clock ran fast', before: { at: '2027-01-01T00:00:00.000Z' } },
  previousHash: GENESIS_HASH,
};

describe('canonical audit hash', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }, 'x'], é: 'ü', A: 2.5 })).toBe(
      '{"A":2.5,"a":[{"c":null,"d":true},"x"],"b":1,"é":"ü"}',
    );
  });

  it('gives the same bytes whatever order the keys were written in (as jsonb gives them back)', () => {
    const reordered = {
      ...record,
      details: { before: { at: '2027-01-01T00:00:00.000Z' }, reason: 'clock ran fast' },
    };
    expect(recordHash(reordered)).toBe(recordHash(record));
  });

  it('is SHA-256 over the sorted-key JSON of stream, sequence, time, actor, action, subject, details and link', () => {
    const expected = createHash('sha256')
      .update(
        '{"action":"ledger-repair","actor":"ops-on-duty","details":{"before":{"at":"2027-01-01T00:00:00.000Z"},' +
          '"reason":"clock ran fast"},"occurredAt":"2026-01-15T03:00:00.123Z","previousHash":"' +
          GENESIS_HASH +
          '","sequence":7,"stream":"operator-action","subject":"H56.22-000001"}',
      )
      .digest('hex');
    expect(recordHash(record)).toBe(expected);
  });

  it.each<[string, Partial<HashedFields>]>([
    ['stream', { stream: 'client-admin' }],
    ['sequence', { sequence: 8 }],
    ['time', { occurredAt: new Date('2026-01-15T03:00:00.124Z') }],
    ['actor', { actor: 'someone-else' }],
    ['action', { action: 'other' }],
    ['subject', { subject: 'H56.22-000002' }],
    ['details', { details: { reason: 'clock ran slow', before: { at: '2027-01-01T00:00:00.000Z' } } }],
    ['link to the previous record', { previousHash: 'f'.repeat(64) }],
  ])('changes when the %s changes', (_, change) => {
    expect(recordHash({ ...record, ...change })).not.toBe(recordHash(record));
  });

  it('refuses a number JSON cannot hold instead of hashing it as null', () => {
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(NonCanonicalValueError);
    expect(() => canonicalJson({ amount: Number.POSITIVE_INFINITY })).toThrow('$.amount');
  });
});
