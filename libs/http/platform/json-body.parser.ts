import { isUtf8 } from 'node:buffer';
import { parse as secureParse } from 'secure-json-parse';
import { DomainError, DomainErrorCode, ROOT_FIELD } from '@lgsp/contracts';

export interface JsonBodyLimits {
  /** Deepest nesting of objects and arrays; the contracts need six levels (a batch item's documents). */
  maxDepth: number;
  /** Most members and elements in the whole body: it bounds the work validation does with one request. */
  maxValues: number;
}

/** Generous for every contract (a batch of 500 whole dossiers holds about 60,000), tight for an attack. */
export const DEFAULT_JSON_LIMITS: JsonBodyLimits = { maxDepth: 32, maxValues: 200_000 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

interface Frame {
  /** The member names seen so far, for an object; absent for an array. */
  keys?: Set<string>;
  lastKey?: string;
  expectKey: boolean;
  /** The member or element this frame is in its parent, for naming where a problem is. */
  at: string;
  index: number;
}

const malformed = (message: string, field = ROOT_FIELD): DomainError =>
  new DomainError(DomainErrorCode.MalformedMessage, `The body is not acceptable JSON: ${message}`, [
    { field, message },
  ]);

/**
 * Turns a request body into a value, refusing before anything recursive sees it: bytes that are not UTF-8, nesting
 * deeper than `maxDepth` (class-transformer and class-validator recurse, and 100,000 levels overflow the stack),
 * more than `maxValues` members and elements, a key twice in one object (parsers disagree on which one wins, so
 * the bus would not know what the caller meant), `__proto__` or `constructor.prototype` keys, and a NUL character
 * in a string (PostgreSQL cannot store one). Every refusal is a 400 naming where.
 */
export function parseJsonBody(body: Buffer, limits: JsonBodyLimits = DEFAULT_JSON_LIMITS): unknown {
  if (body.length === 0) throw malformed('the body is empty');
  if (!isUtf8(body)) throw malformed('the body is not valid UTF-8');
  const text = body.toString('utf8');
  checkShape(text, limits);
  let value: unknown;
  try {
    value = secureParse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  // Only an escape can put a NUL in a JSON string (a raw one is a syntax error): look closer only then.
  if (text.includes('\\u0000')) refuseNul(value, []);
  return value;
}

/**
 * A NUL (U+0000) anywhere in a string or member name is refused: PostgreSQL cannot store it, in text or in
 * jsonb, so one that reached a write (a free-text field such as a ledger repair's reason) was a 500.
 */
function refuseNul(value: unknown, path: (string | number)[]): void {
  const at = (): string =>
    path
      .map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`))
      .join('')
      .replace(/^\./, '') || ROOT_FIELD;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw malformed('a string holds a NUL character (\\u0000)', at());
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => refuseNul(item, [...path, index]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) throw malformed('a member name holds a NUL character (\\u0000)', at());
      refuseNul(item, [...path, key]);
    }
  }
}

/** One pass over the text, skipping strings whole; JSON.parse judges the syntax afterwards. */
function checkShape(text: string, limits: JsonBodyLimits): void {
  const stack: Frame[] = [];
  let values = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return;
      const frame = stack[stack.length - 1];
      if (frame?.keys && frame.expectKey) memberKey(text, i, end, frame, stack);
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const parent = stack[stack.length - 1];
      if (stack.length >= limits.maxDepth) {
        throw malformed(`nesting is deeper than ${limits.maxDepth} levels`, pathOf(stack));
      }
      stack.push({
        keys: c === OPEN_OBJECT ? new Set() : undefined,
        expectKey: c === OPEN_OBJECT,
        at: parent ? (parent.keys ? `.${parent.lastKey ?? ''}` : `[${parent.index}]`) : '',
        index: 0,
      });
      values += 1;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    } else if (c === COMMA) {
      const frame = stack[stack.length - 1];
      if (frame) {
        frame.index += 1;
        frame.expectKey = frame.keys !== undefined;
      }
      values += 1;
    }
    if (values > limits.maxValues) {
      throw malformed(`the body holds more than ${limits.maxValues} values`, pathOf(stack));
    }
  }
}

/** The index of the quote closing the string opened at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end > 0) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

function memberKey(text: string, start: number, end: number, frame: Frame, stack: Frame[]): void {
  const raw = text.slice(start + 1, end);
  let key = raw;
  if (raw.includes('\\')) {
    try {
      key = JSON.parse(text.slice(start, end + 1)) as string;
    } catch {
      throw malformed('a member name has an invalid escape', pathOf(stack));
    }
  }
  if (frame.keys!.has(key)) {
    const parent = pathOf(stack);
    throw malformed(`the member "${key}" appears twice`, parent === ROOT_FIELD ? key : `${parent}.${key}`);
  }
  frame.keys!.add(key);
  frame.lastKey = key;
  frame.expectKey = false;
}

function pathOf(stack: Frame[]): string {
  const path = stack
    .map((frame) => frame.at)
    .join('')
    .replace(/^\./, '');
  return path === '' ? ROOT_FIELD : path;
}
