import { citizenIdHash } from './citizen-id-hash';

describe('citizenIdHash', () => {
  const key = 'a-key-of-at-least-thirty-two-characters';

  it('is the HMAC-SHA256 of the digits, so spacing does not make another person', () => {
    expect(citizenIdHash(key, '001 203-012.345')).toBe(citizenIdHash(key, '001203012345'));
    expect(citizenIdHash(key, '001203012345')).toMatch(/^[0-9a-f]{64}$/u);
  });

  it('differs per person and per key, and does not contain the ID', () => {
    const hash = citizenIdHash(key, '001203012345');
    expect(citizenIdHash(key, '001203012346')).not.toBe(hash);
    expect(citizenIdHash(`${key}!`, '001203012345')).not.toBe(hash);
    expect(hash).not.toContain('001203012345');
  });
});
