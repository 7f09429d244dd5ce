import fc from 'fast-check';

/**
 * JSON values meant to break a handler rather than to please it: what the bus's bodies, path parameters and
 * headers are fuzzed with. A number the JSON text must spell itself (`-0`, `1e309`, a 30-digit integer) cannot
 * survive JSON.stringify, so it travels as a marked string and `jsonText` writes it out raw.
 */
const RAW_MARK = '\u0000RAW:';
const RAW_PATTERN = /"\\u0000RAW:([^"\\]*)\\u0000"/g;

export const rawNumber = (literal: string): string => `${RAW_MARK}${literal}\u0000`;

/** JSON text for a value, with marked raw numbers written as themselves. */
export function jsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(RAW_PATTERN, '$1');
}

const RAW_NUMBERS = ['-0', '1e308', '1e309', '-1e309', '1e-400', '123456789012345678901234567890', '0.1e1'];

/** A lone surrogate (JSON.stringify escapes it as \udXXX), a control character or a zero-width one. */
const oddCharacter = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('\u007f', '\u0085', '\u200b', '\u2028', '\u2029', '\ufeff', '\ufffd', '\u{1f600}'),
);

/** Strings that are wrong in a way validation must notice: odd characters, numbers in disguise, dates that are not. */
export const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: oddCharacter, maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    '-0',
    'Infinity',
    '1e308',
    'null',
    'true',
    '0x1F',
    '2026-02-30T25:61:00Z',
    '2026-01-15T10:00:00',
    '9999-12-31T23:59:59.999+14:00',
    '0000-01-01T00:00:00Z',
    '../../etc/passwd',
    "'; DROP TABLE dossiers; --",
    '${jndi:ldap://x}',
    '__proto__',
    'constructor',
    'Nguyễn Văn A',
    'H56.22-FUZZ-000001',
  ),
);

/** Numbers at the edges: -0, the largest double, beyond it (Infinity once parsed), fractions, unsafe integers. */
export const oddNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE),
  fc.constantFrom(...RAW_NUMBERS).map(rawNumber),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any wrong-typed replacement for a field. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  oddNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { '': '' }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A string of 64 KiB to 3 MiB, under the 4 MiB body limit once quoted. */
export const hugeString = fc
  .record({
    size: fc.integer({ min: 64 * 1024, max: 3 * 1024 * 1024 }),
    unit: fc.constantFrom('x', 'ệ', '\\'),
  })
  .map(({ size, unit }) => unit.repeat(Math.floor(size / Buffer.byteLength(unit === '\\' ? '\\\\' : unit))));

/** JSON text nested `depth` levels, objects or arrays, around a value: the parser's limit is 32 levels. */
export const deepNesting = fc
  .record({
    depth: fc.integer({ min: 24, max: 40 }),
    kind: fc.constantFrom('object', 'array'),
    leaf: oddValue,
  })
  .map(({ depth, kind, leaf }) =>
    kind === 'object'
      ? `${'{"a":'.repeat(depth)}${jsonText(leaf)}${'}'.repeat(depth)}`
      : `${'['.repeat(depth)}${jsonText(leaf)}${']'.repeat(depth)}`,
  );
