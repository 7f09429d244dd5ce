import fc from 'fast-check';
import type { Route } from '../access/route-table';
import { FUZZ_DOSSIER, formBody, jsonBody } from './fuzz-bodies';
import { oddString } from './fuzz-values';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzCredentials {
  /** `Authorization` of a client allowed everything, without a rate limit. */
  authorization: string;
  /** A client whose id and secret the token endpoint's fuzzing sometimes gets right. */
  tokenClient: { clientId: string; secret: string };
}

export const TOKEN_ROUTE = '/oauth2/token';
const SHOWN_CHARS = 600;

const shown = (text: string): string =>
  text.length <= SHOWN_CHARS
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, SHOWN_CHARS))}… (${text.length} chars)`;

/** How a counterexample prints: the route, headers and body, a huge body cut short with its size. */
function withReadableText(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, {
    [fc.toStringMethod]: () => {
      const body =
        request.body === undefined
          ? '(no body)'
          : Buffer.isBuffer(request.body)
            ? `bytes ${request.body.toString('hex').slice(0, SHOWN_CHARS)} (${request.body.length} bytes)`
            : shown(request.body);
      return `${request.method} ${shown(request.url)}\n  headers ${JSON.stringify(request.headers)}\n  body ${body}`;
    },
  });
}

/** Bytes as a URL carries them: unreserved characters as they are, every other UTF-8 byte as %XX. */
export function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** What Node's HTTP parser lets through in a header value: tab, visible ASCII and obs-text, trimmed. */
const headerValue = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .string({
      unit: fc
        .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9))
        .map((code) => String.fromCharCode(code)),
      maxLength,
    })
    .map((value) => value.trim());

const RAW_SEGMENTS = ['%', '%zz', '%C3%28', '%ED%A0%80', '%00', '%2F', '%2e%2e', '..', '.', '%FF%FE', '~'];

function pathSegment(name: string): fc.Arbitrary<string> {
  const plausible = name === 'code' ? FUZZ_DOSSIER : name === 'name' ? 'dossier-registered' : '1';
  return fc.oneof(
    { arbitrary: fc.constant(plausible), weight: 4 },
    { arbitrary: oddString.map(percentEncoded), weight: 4 },
    { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 1 },
    { arbitrary: fc.integer({ min: 1_000, max: 8_000 }).map((size) => 'A'.repeat(size)), weight: 1 },
  );
}

const query: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 3 },
  {
    arbitrary: fc
      .array(fc.tuple(fc.oneof(fc.constantFrom('clientId', 'status', 'scope'), oddString), oddString), {
        minLength: 1,
        maxLength: 4,
      })
      .map(
        (pairs) =>
          `?${pairs.map(([key, value]) => `${percentEncoded(key)}=${percentEncoded(value)}`).join('&')}`,
      ),
    weight: 3,
  },
  {
    arbitrary: fc.constantFrom('?', '?&&', '?=', '?%', '?a[b]=c', '?clientId=a&clientId=b', '?status=active'),
    weight: 1,
  },
);

function urlFor(route: Route): fc.Arbitrary<string> {
  const parts = route.path.split(/(:[A-Za-z]+)/);
  const segments = parts.map((part) =>
    part.startsWith(':') ? pathSegment(part.slice(1)) : fc.constant(part),
  );
  return fc.tuple(fc.tuple(...segments), query).map(([path, search]) => `${path.join('')}${search}`);
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/json; charset="utf-8"',
  'application/json; charset=latin1',
  'application/json; charset=',
  'APPLICATION/JSON',
  'application/problem+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
];

function contentType(usual: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(usual), weight: 12 },
    { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 4 },
    { arbitrary: headerValue(60), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

function authorization(credentials: FuzzCredentials, token: boolean): fc.Arbitrary<string | undefined> {
  const bearer = credentials.authorization;
  const { clientId, secret } = credentials.tokenClient;
  const basic = (id: string, password: string): string =>
    `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`;
  const variants = fc.oneof(
    fc.constantFrom(
      undefined,
      '',
      'Bearer',
      'Bearer ',
      bearer.replace('Bearer', 'bearer'),
      `${bearer}x`,
      `${bearer} ${bearer}`,
      `${bearer.slice(0, -10)}`,
      basic(clientId, secret),
      basic(clientId, 'wrong'),
      'Basic Og==',
      'Basic %%%',
    ),
    headerValue(300),
    headerValue(300).map((value) => `Bearer ${value}`),
    oddString.map((value) => basic(value, value)),
  );
  // The token endpoint is public: its credentials are the Basic header; every other route mostly gets the token.
  const usual = token ? fc.constantFrom(undefined, basic(clientId, secret)) : fc.constant(bearer);
  return fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: variants, weight: 2 });
}

const TRACEPARENTS = ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '00-0-0-0', 'ff-zz', '00--'];

/** A request to one route: valid enough that it usually reaches the handler's validation, wrong somewhere. */
export function requestFor(route: Route, credentials: FuzzCredentials): fc.Arbitrary<FuzzRequest> {
  const token = route.path === TOKEN_ROUTE;
  return fc
    .record({
      url: urlFor(route),
      body: token ? formBody(credentials.tokenClient) : jsonBody(route.method !== 'GET'),
      headers: fc.record(
        {
          'content-type': contentType(token ? 'application/x-www-form-urlencoded' : 'application/json'),
          authorization: authorization(credentials, token),
          'idempotency-key': fc.oneof(fc.uuid(), headerValue(80), headerValue(2_000)),
          'x-correlation-id': fc.oneof(fc.uuid(), headerValue(200)),
          traceparent: fc.oneof(fc.constantFrom(...TRACEPARENTS), headerValue(80)),
          'x-operator-id': fc.oneof(fc.constant('ops-fuzz'), headerValue(100)),
          accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/problem+json'),
        },
        { requiredKeys: ['authorization'] },
      ),
    })
    .map(({ url, body, headers }) =>
      withReadableText({
        method: route.method,
        url,
        body,
        headers: Object.fromEntries(
          Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
        ),
      }),
    );
}
