import { DomainError } from '@lgsp/contracts';
import { parseJsonBody } from './json-body.parser';

function refusal(text: string | Buffer): DomainError {
  try {
    parseJsonBody(typeof text === 'string' ? Buffer.from(text) : text, { maxDepth: 4, maxValues: 20 });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseJsonBody', () => {
  it('parses a good body, strings with escaped quotes and braces included', () => {
    const body = { a: 'x\\"}{', b: [1, { c: '\u00e9"' }], d: null };
    expect(parseJsonBody(Buffer.from(JSON.stringify(body)), { maxDepth: 4, maxValues: 20 })).toEqual(body);
  });

  it('refuses nesting deeper than the limit, however deep, naming where', () => {
    expect(refusal('{"a":{"b":[{"c":{"d":1}}]}}').fields[0].field).toBe('a.b[0]');
    expect(refusal('['.repeat(100_000) + ']'.repeat(100_000)).message).toMatch(/deeper than 4/);
  });

  it('refuses more values than the limit', () => {
    expect(refusal(`[${new Array(50).fill(0).join(',')}]`).message).toMatch(/more than 20 values/);
  });

  it('refuses a member twice in one object, escaped spellings included, but not in sibling objects', () => {
    expect(refusal('{"a":{"k":1,"k":2}}').fields[0]).toMatchObject({ field: 'a.k' });
    expect(refusal('{"k":1,"\\u006b":2}').fields[0]).toMatchObject({ field: 'k' });
    expect(parseJsonBody(Buffer.from('[{"k":1},{"k":2}]'))).toEqual([{ k: 1 }, { k: 2 }]);
    expect(parseJsonBody(Buffer.from('{"a":{"k":1},"b":{"k":1}}'))).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });

  it('refuses a NUL in a string or member name, naming where, but not an escaped backslash before u0000', () => {
    expect(refusal('{"a":[{"reason":"x\\u0000y"}]}').fields[0]).toMatchObject({ field: 'a[0].reason' });
    expect(refusal('{"k\\u0000":1}').message).toMatch(/member name holds a NUL/);
    expect(parseJsonBody(Buffer.from('{"a":"\\\\u0000"}'))).toEqual({ a: '\\u0000' });
  });

  it('refuses prototype keys, bytes that are not UTF-8, empty and broken bodies', () => {
    expect(refusal('{"__proto__":{"x":1}}').code).toBe('malformed_message');
    expect(refusal('{"constructor":{"prototype":{"x":1}}}').code).toBe('malformed_message');
    expect(refusal(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])).message).toMatch(/UTF-8/);
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('{"a":').code).toBe('malformed_message');
    expect(refusal('{"a":"never closed}').code).toBe('malformed_message');
  });
});
