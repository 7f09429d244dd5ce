import fc from 'fast-check';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { deepNesting, hugeString, jsonText, oddString, oddValue } from './fuzz-values';

/** The dossier the fuzzed requests name when they name a real one (registered before the run). */
export const FUZZ_DOSSIER = 'H56.22-FUZZ-000001';

/** A fixed time, so that a counterexample replays the same bodies. */
const BASE = Date.parse('2026-01-15T03:00:00Z');

/** Valid bodies of every route that takes one: the starting points of the mutations. */
export function exampleBodies(): Record<string, unknown>[] {
  const registration = dossierRegistration(FUZZ_DOSSIER, 1, BASE);
  const change = statusChange(FUZZ_DOSSIER, 4, 1, BASE);
  return [
    registration,
    change,
    { items: [{ dossier: registration }, { statusChange: change }] },
    { reason: 'the sender clock ran fast', occurredAt: '2026-01-15T10:00:00+07:00' },
  ];
}

type Key = string | number;
type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

function pathsOf(value: unknown, prefix: Key[] = []): Key[][] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  }
  return [];
}

function parentOf(root: unknown, path: Key[]): Record<Key, unknown> | undefined {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<Key, unknown>)[key];
  }
  return node !== null && typeof node === 'object' ? (node as Record<Key, unknown>) : undefined;
}

function mutate(example: Record<string, unknown>, mutations: Mutation[]): unknown {
  const body = structuredClone(example);
  for (const mutation of mutations) {
    const paths = pathsOf(body);
    if (paths.length === 0) break;
    const path = paths[mutation.at % paths.length];
    const parent = parentOf(body, path);
    if (!parent) continue;
    const key = path[path.length - 1];
    // A copy: fc.constantFrom hands out the same {} and [] every run, which an 'add' would grow into a cycle.
    if (mutation.kind === 'replace') parent[key] = structuredClone(mutation.value);
    else if (mutation.kind === 'delete' && Array.isArray(parent)) parent.splice(Number(key), 1);
    else if (mutation.kind === 'delete') delete parent[key];
    else if (!Array.isArray(parent) && !(mutation.key in parent))
      parent[mutation.key] = structuredClone(mutation.value);
  }
  return body;
}

/** A mutation; with `huge`, sometimes a string of megabytes (only worth its cost where a body is read). */
const mutation = (huge: boolean): fc.Arbitrary<Mutation> =>
  fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: oddValue }),
      weight: 5,
    },
    { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }), weight: 3 },
    {
      arbitrary: fc.record({
        kind: fc.constant('add' as const),
        at: fc.nat(),
        key: oddString,
        value: oddValue,
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hugeString }),
      weight: huge ? 1 : 0,
    },
  );

/** Bytes of the UTF-8 encoding broken somewhere in a valid body. */
const invalidUtf8 = fc
  .record({
    at: fc.nat(),
    bytes: fc.constantFrom([0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]),
  })
  .map(({ at, bytes }) => {
    const text = Buffer.from(jsonText(exampleBodies()[0]));
    const cut = at % text.length;
    return Buffer.concat([text.subarray(0, cut), Buffer.from(bytes), text.subarray(cut)]);
  });

/**
 * A JSON route's body: absent, valid, a valid one mutated, any JSON, nested near the limit, or not JSON at all.
 * `huge` for a route whose method has a body (Fastify does not read a GET's).
 */
export function jsonBody(huge: boolean): fc.Arbitrary<string | Buffer | undefined> {
  const examples = exampleBodies();
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: fc.constantFrom(...examples).map(jsonText), weight: 1 },
    {
      arbitrary: fc
        .record({
          example: fc.constantFrom(...examples),
          mutations: fc.array(mutation(huge), { minLength: 1, maxLength: 3 }),
        })
        .map(({ example, mutations }) => jsonText(mutate(example, mutations))),
      weight: 8,
    },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map(jsonText), weight: 3 },
    { arbitrary: oddValue.map(jsonText), weight: 1 },
    { arbitrary: deepNesting, weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
    { arbitrary: invalidUtf8, weight: 1 },
  );
}

/** A token request's form: the grant, credentials in the form (sometimes the real ones), scopes, repeats, junk. */
export function formBody(credentials: {
  clientId: string;
  secret: string;
}): fc.Arbitrary<string | undefined> {
  const field: fc.Arbitrary<[string, string]> = fc.oneof(
    fc.constantFrom<[string, string]>(
      ['grant_type', 'client_credentials'],
      ['grant_type', 'password'],
      ['grant_type', ''],
      ['client_id', credentials.clientId],
      ['client_secret', credentials.secret],
      ['scope', 'dossier:write'],
      ['scope', 'dossier:read unknown:scope'],
      ['scope', ''],
    ),
    fc.tuple(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope', 'x'), oddString),
    fc.tuple(oddString, oddString),
  );
  return fc.oneof(
    {
      arbitrary: fc.array(field, { maxLength: 6 }).map((fields) => new URLSearchParams(fields).toString()),
      weight: 8,
    },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
    {
      arbitrary: fc
        .integer({ min: 7 * 1024, max: 12 * 1024 })
        .map((size) => `grant_type=${'x'.repeat(size)}`),
      weight: 1,
    },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}
