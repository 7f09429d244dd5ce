/** What can be broken on purpose, per simulator. Rates are probabilities in [0, 1]. */
export interface LatencyDistribution {
  p50: number;
  p99: number;
}

export type OutageMode = 'refuse' | 'http503';
export type ErrorReplyMode = 'http500' | 'protocol';

export interface FaultSettings {
  /** Fixed delay added to every reply. */
  latencyMs?: number;
  /** Log-normal delay fitted to these percentiles; added to latencyMs. */
  latency?: LatencyDistribution;
  errorRate?: number;
  /** How an injected error looks: an HTTP 500, or the protocol's own failure reply (default http500). */
  errorReply?: ErrorReplyMode;
  outage?: OutageMode;
  /** Ends the outage by itself after this long (real time); without it the outage lasts until cleared. */
  outageMs?: number;
  /** Delay far past any sane client timeout: the request hangs. */
  slowMs?: number;
  malformedRate?: number;
  rateLimitPerSecond?: number;
}

export type FaultSettingsResult = { ok: true; settings: FaultSettings } | { ok: false; problems: string[] };

const NUMBER_KEYS = ['latencyMs', 'outageMs', 'slowMs', 'rateLimitPerSecond'] as const;
const RATE_KEYS = ['errorRate', 'malformedRate'] as const;
const KNOWN_KEYS = new Set<string>([...NUMBER_KEYS, ...RATE_KEYS, 'latency', 'errorReply', 'outage']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Validates an admin request (or environment) into fault settings. A key set to null means "remove this
 * fault", so a POST can merge into the current settings without a DELETE first.
 */
export function parseFaultSettings(input: unknown): FaultSettingsResult & { removed?: string[] } {
  if (!isRecord(input)) return { ok: false, problems: ['body must be a JSON object'] };
  const problems: string[] = [];
  const settings: FaultSettings = {};
  const removed: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!KNOWN_KEYS.has(key)) {
      problems.push(`unknown fault "${key}"`);
    } else if (value === null) {
      removed.push(key);
    }
  }
  for (const key of NUMBER_KEYS) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    if (isNonNegative(value)) settings[key] = value;
    else problems.push(`${key} must be a non-negative number`);
  }
  for (const key of RATE_KEYS) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    if (isNonNegative(value) && value <= 1) settings[key] = value;
    else problems.push(`${key} must be a number between 0 and 1`);
  }
  const latency = input.latency;
  if (latency !== undefined && latency !== null) {
    if (isRecord(latency) && isNonNegative(latency.p50) && isNonNegative(latency.p99)) {
      if (latency.p99 < latency.p50) problems.push('latency.p99 must not be below latency.p50');
      else settings.latency = { p50: latency.p50, p99: latency.p99 };
    } else {
      problems.push('latency must be {p50, p99} in milliseconds');
    }
  }
  const outage = input.outage;
  if (outage !== undefined && outage !== null) {
    if (outage === 'refuse' || outage === 'http503') settings.outage = outage;
    else problems.push('outage must be "refuse" or "http503"');
  }
  const errorReply = input.errorReply;
  if (errorReply !== undefined && errorReply !== null) {
    if (errorReply === 'http500' || errorReply === 'protocol') settings.errorReply = errorReply;
    else problems.push('errorReply must be "http500" or "protocol"');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings, removed };
}

const ENV_SUFFIXES: Record<string, keyof FaultSettings> = {
  LATENCY_MS: 'latencyMs',
  ERROR_RATE: 'errorRate',
  ERROR_REPLY: 'errorReply',
  OUTAGE: 'outage',
  OUTAGE_MS: 'outageMs',
  SLOW_MS: 'slowMs',
  MALFORMED_RATE: 'malformedRate',
  RATE_LIMIT_PER_SECOND: 'rateLimitPerSecond',
};

/**
 * Start-up faults from the environment: `<prefix>_FAULTS` as JSON (for example
 * `{"latency":{"p50":20,"p99":120}}`), then single values such as `<prefix>_LATENCY_MS=50`, which win.
 */
export function faultSettingsFromEnvironment(
  environment: Record<string, string | undefined>,
  prefix: string,
): FaultSettings {
  const collected: Record<string, unknown> = {};
  const json = environment[`${prefix}_FAULTS`];
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new Error(`${prefix}_FAULTS is not valid JSON`);
    }
    if (!isRecord(parsed)) throw new Error(`${prefix}_FAULTS must be a JSON object`);
    Object.assign(collected, parsed);
  }
  for (const [suffix, key] of Object.entries(ENV_SUFFIXES)) {
    const raw = environment[`${prefix}_${suffix}`];
    if (raw === undefined || raw === '') continue;
    collected[key] = key === 'outage' || key === 'errorReply' ? raw : Number(raw);
  }
  const result = parseFaultSettings(collected);
  if (!result.ok) throw new Error(`${prefix}: ${result.problems.join('; ')}`);
  return result.settings;
}
