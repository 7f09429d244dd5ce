import { DomainError, DomainErrorCode } from '@lgsp/contracts';

/** How one external target's breaker decides. Each adapter owns the policy of its own system. */
export interface BreakerPolicy {
  /** The connector, e.g. `national-portal`; also the metrics label and the key the worker pauses by. */
  name: string;
  /** A call slower than this counts as a failure and is answered with PartnerUnavailable. */
  timeoutMs: number;
  /** Failure share of the rolling window, in percent, above which the breaker opens. */
  errorThresholdPercentage: number;
  /** Calls the rolling window must hold before the percentage is trusted. */
  volumeThreshold: number;
  rollingCountTimeoutMs: number;
  /** How long the breaker stays open before it lets one probe through (half-open). */
  resetTimeoutMs: number;
  /**
   * Whether an error says the partner is unhealthy. Defaults to {@link isPartnerFailure}. An error for which
   * this is false still reaches the caller; it only does not count towards opening the breaker.
   */
  isFailure?: (error: unknown) => boolean;
}

/** Tokens per second, with `burst` calls allowed at once after a quiet period. 0 or absent: unlimited. */
export interface RateLimitPolicy {
  ratePerSecond?: number;
  /** Defaults to one second's worth of calls (at least 1). */
  burst?: number;
  /**
   * A call that would wait longer than this for its token fails at once with PartnerUnavailable, so that a
   * handler never waits past its own time limit (docs/performance.md). Absent: wait as long as it takes.
   */
  maxWaitMs?: number;
}

export interface BulkheadPolicy {
  maxConcurrent: number;
  /** Callers allowed to wait for a slot; one more is refused with PartnerUnavailable. */
  maxQueue: number;
}

/** Everything that guards one connector; the breaker fields sit at the top level. */
export interface ConnectorPolicy extends BreakerPolicy {
  rateLimit?: RateLimitPolicy;
  /**
   * The share of the rate a replay of dead letters may use, on top of the partner's own limit: the calls made for
   * replayed messages wait for both, so live traffic keeps the rest (ConnectorGuard.replaying).
   */
  replayRateLimit?: RateLimitPolicy;
  bulkhead?: BulkheadPolicy;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * The partner answered and said no, or we asked something it does not have: it is up, and opening the
 * breaker would park healthy traffic behind one bad dossier. Everything else (PartnerUnavailable, timeouts,
 * network errors, unclassified errors, and credentials it no longer accepts) counts against it.
 */
const ANSWERS_FROM_A_HEALTHY_PARTNER: ReadonlySet<DomainErrorCode> = new Set([
  DomainErrorCode.RejectedByPartner,
  DomainErrorCode.ValidationFailed,
  DomainErrorCode.NotFound,
  DomainErrorCode.Conflict,
]);

export function isPartnerFailure(error: unknown): boolean {
  return !(error instanceof DomainError && ANSWERS_FROM_A_HEALTHY_PARTNER.has(error.code));
}

/** Fails at boot, naming the connector and field, rather than producing a breaker that never opens. */
export function assertValidPolicy(policy: ConnectorPolicy | BreakerPolicy): void {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]*$/.test(policy.name)) problems.push('name must be kebab-case');
  const positive = ['timeoutMs', 'rollingCountTimeoutMs', 'resetTimeoutMs'] as const;
  for (const field of positive) {
    if (!(Number.isFinite(policy[field]) && policy[field] > 0)) problems.push(`${field} must be > 0`);
  }
  if (!(policy.errorThresholdPercentage > 0 && policy.errorThresholdPercentage <= 100)) {
    problems.push('errorThresholdPercentage must be in (0, 100]');
  }
  if (!(Number.isInteger(policy.volumeThreshold) && policy.volumeThreshold >= 0)) {
    problems.push('volumeThreshold must be an integer >= 0');
  }
  for (const field of ['rateLimit', 'replayRateLimit'] as const) {
    const limit = field in policy ? (policy as ConnectorPolicy)[field] : undefined;
    if (!limit) continue;
    const { ratePerSecond = 0, burst, maxWaitMs } = limit;
    if (!(ratePerSecond >= 0)) problems.push(`${field}.ratePerSecond must be >= 0`);
    if (burst !== undefined && !(burst >= 1)) problems.push(`${field}.burst must be >= 1`);
    if (maxWaitMs !== undefined && !(maxWaitMs >= 0)) problems.push(`${field}.maxWaitMs must be >= 0`);
  }
  if ('bulkhead' in policy && policy.bulkhead) {
    const { maxConcurrent, maxQueue } = policy.bulkhead;
    if (!(Number.isInteger(maxConcurrent) && maxConcurrent >= 1)) {
      problems.push('bulkhead.maxConcurrent must be an integer >= 1');
    }
    if (!(Number.isInteger(maxQueue) && maxQueue >= 0))
      problems.push('bulkhead.maxQueue must be an integer >= 0');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid resilience policy for connector "${policy.name}": ${problems.join('; ')}`);
  }
}
