import { Clock } from './clock';

/** One request as a simulator received it, before any fault was applied to it. */
export interface ReceivedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The injected fault, if any: unavailable, rate-limited, error, malformed, slow. */
  fault?: string;
  /** The HTTP status sent back, once the reply has gone out. */
  status?: number;
}

export interface ReceivedQuery {
  method?: string;
  path?: string;
  pathPrefix?: string;
  /** Only requests with a higher sequence number. */
  since?: number;
  /** Substring of the body (JSON text or raw XML). */
  contains?: string;
  limit?: number;
}

export interface IncomingRequestView {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * Keeps what the simulator received, for tests to assert on. Bounded: benchmarks push millions of requests,
 * and only the most recent ones are worth keeping.
 */
export class ReceivedRequestsRecorder {
  private readonly entries: ReceivedRequest[] = [];
  private nextSeq = 1;
  private dropped = 0;

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 10_000,
  ) {}

  record(request: IncomingRequestView): ReceivedRequest {
    const entry: ReceivedRequest = {
      seq: this.nextSeq,
      at: this.clock.now().toISOString(),
      ...request,
      headers: withoutCredentials(request.headers) as ReceivedRequest['headers'],
      body: withoutCredentials(request.body),
    };
    this.nextSeq += 1;
    this.entries.push(entry);
    if (this.entries.length > this.capacity) {
      this.entries.shift();
      this.dropped += 1;
    }
    return entry;
  }

  query(filter: ReceivedQuery = {}): { total: number; dropped: number; requests: ReceivedRequest[] } {
    const matching = this.entries.filter(
      (entry) =>
        (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || entry.path === filter.path) &&
        (filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)) &&
        (filter.since === undefined || entry.seq > filter.since) &&
        (filter.contains === undefined || bodyText(entry.body).includes(filter.contains)),
    );
    const limited = filter.limit !== undefined ? matching.slice(-filter.limit) : matching;
    return { total: matching.length, dropped: this.dropped, requests: limited };
  }

  count(): number {
    return this.entries.length;
  }

  reset(): void {
    this.entries.length = 0;
    this.dropped = 0;
  }
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined) return '';
  return JSON.stringify(body);
}

/**
 * Header and body fields that carry a caller's credentials. What a simulator received is shown to whoever holds
 * its admin token, for tests to assert on; a partner password or API key has no business there.
 */
const CREDENTIAL_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-admin-token',
  'password',
  'client_secret',
  'secretkey',
  'hashsecret',
]);

export const CENSORED = '[censored]';

function withoutCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCredentials);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [
      key,
      CREDENTIAL_KEYS.has(key.toLowerCase()) ? CENSORED : withoutCredentials(entry),
    ]),
  );
}
