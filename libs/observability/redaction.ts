import { stdSerializers, type LoggerOptions } from 'pino';

export const CENSOR = '[redacted]';

/**
 * Personal data that must never reach a log line: canonical field names and the external systems' own names
 * (the population database's and the national portal's). Matched by key name at any depth.
 */
const PERSONAL_FIELDS = [
  'personalId',
  'fullName',
  'birthDate',
  'phone',
  'email',
  'address',
  'SoDinhDanh',
  'SoCMND',
  'HoVaTen',
  'NgayThangNamSinh',
  'ChuHoSo',
  'MaDoiTuong',
  'SoDienThoai',
  'Email',
  'DiaChi',
];

/** Credentials, by key name at any depth: request headers, partner logins, sessions, tokens, signing keys. */
const CREDENTIAL_FIELDS = [
  'password',
  'passwd',
  'secret',
  'session',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'consumerSecret',
  'secretKey',
  'hashSecret',
  'privateKey',
  'apiKey',
  'api_key',
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-admin-token',
];

/** Key names compare case-insensitively: headers arrive in any case, partners spell their fields as they like. */
const REDACTED_KEYS: ReadonlySet<string> = new Set(
  [...PERSONAL_FIELDS, ...CREDENTIAL_FIELDS].map((name) => name.toLowerCase()),
);

/** Deeper than this, a whole subtree is censored rather than walked: nothing unwalked is ever written. */
const MAX_DEPTH = 32;

/**
 * pino's own redaction (fast-redact) only knows fixed paths and one level of wildcard per segment, so a
 * password three levels down or a personal ID six levels down went out as it was. These paths remain for
 * what pino serialises itself after the log formatter ran: the request and reply of pino-http.
 */
export const REDACTED_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-admin-token"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of a log payload with every personal or credential field censored, at any depth, and personal ID
 * numbers and tokens masked in every other string. Plain objects and arrays are walked; anything else (an Error, a
 * request) is left to the serializer pino has for it, which runs afterwards.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskFreeText(value);
  if (depth >= MAX_DEPTH && typeof value === 'object' && value !== null) return CENSOR;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] = REDACTED_KEYS.has(key.toLowerCase()) ? CENSOR : redactDeep(entry, depth + 1);
  }
  return copy;
}

/** pino's usual error shape (type, message, stack, own fields, causes), walked like any payload. */
function serializeError(error: unknown): unknown {
  return error instanceof Error ? redactDeep({ ...stdSerializers.err(error) }) : redactDeep(error);
}

/**
 * pino-http hands its serialised request (method, URL, query, headers) to this after the log formatter ran; it is
 * an object of pino's own prototype, so it is copied before it is walked.
 */
function serializeRequest(request: unknown): unknown {
  if (typeof request !== 'object' || request === null) return redactDeep(request);
  const copy: Record<string, unknown> = { ...request };
  // Fastify's query and params objects have their own prototype: copied into plain ones, they are walked too.
  for (const part of ['query', 'params', 'headers']) {
    const value = copy[part];
    if (typeof value === 'object' && value !== null) copy[part] = { ...value };
  }
  return redactDeep(copy);
}

/**
 * The redaction part of every logger the bus makes (pino-http's in the apps, and any pino a tool creates), so
 * a test of these options is a test of what the apps write. The message itself is masked too: a Nest log line
 * is often only a message.
 */
export function logRedaction(): Pick<LoggerOptions, 'redact' | 'formatters' | 'serializers' | 'hooks'> {
  return {
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    serializers: { err: serializeError, req: serializeRequest },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskFreeText(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
}

/**
 * A 9-digit (legacy) or 12-digit personal ID written as one token: digits, possibly grouped by single spaces,
 * dots or dashes, with no digit (or grouped digit) right before or after. So `CCCD001203012345` and
 * `001 203 012 345` are IDs, while a dossier code `H56.22-250101-000123` or a UUID's digits are not.
 */
const PERSONAL_ID_TOKEN = /(?<!\d)(?<!\d[ .-])(?:\d(?:[ .-]?\d){11}|\d(?:[ .-]?\d){8})(?![ .-]?\d)/gu;

/** Masks 9- and 12-digit citizen ID numbers that slipped into free text, keeping the last three for support. */
export function maskPersonalIds(text: string): string {
  return text.replace(PERSONAL_ID_TOKEN, (token) => {
    const digits = token.replace(/\D/gu, '');
    return `${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`;
  });
}

/**
 * A JWT (JOSE compact form): three base64url segments, the first a JSON header (`{"` is `eyJ`). The payload
 * segment says who the caller is, the whole says what they may do: neither may be read back from a log.
 */
const JWT_TOKEN = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/gu;

/**
 * The credential after `Bearer` (or Basic, or Token) in an Authorization value quoted in a message. At least 12
 * characters and not followed by `=`: a challenge's `Bearer realm="lgsp"` is not a credential.
 */
const AUTHORIZATION_CREDENTIAL = /\b(Bearer|Basic|Token)(\s+)(?!\[redacted)[\w.~+/-]{12,}=*(?![\w.~+/=-])/giu;

/** Masks bearer credentials and JWTs in free text: a message, an error text, a string deep in a payload. */
export function maskTokens(text: string): string {
  // Most log strings hold neither; two substring checks spare them both regular expressions.
  const jwtFree = text.includes('eyJ') ? text.replace(JWT_TOKEN, '[redacted-jwt]') : text;
  return /bearer|basic|token/iu.test(jwtFree)
    ? jwtFree.replace(
        AUTHORIZATION_CREDENTIAL,
        (_match, scheme: string, space: string) => `${scheme}${space}${CENSOR}`,
      )
    : jwtFree;
}

/** Everything free text may not carry in clear: personal ID numbers and credentials. */
export function maskFreeText(text: string): string {
  return maskTokens(maskPersonalIds(text));
}
