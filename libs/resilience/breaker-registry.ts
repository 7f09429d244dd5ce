import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { assertValidPolicy, isPartnerFailure, type BreakerPolicy, type BreakerState } from './breaker-policy';
import { ConnectorCallWindow } from './connector-call-window';
import type { Admission, PartnerGate } from './partner-gate';
import { ResilienceMetrics } from './resilience-metrics';

/** Work run through a breaker. The signal aborts when the breaker gives up on it, so a client can cancel. */
export type GuardedAction<T> = (signal: AbortSignal) => Promise<T>;

export type BreakerStateListener = (name: string, state: BreakerState) => void;

/** What the breaker currently decides on: opossum's rolling window of `rollingCountTimeoutMs`. */
export interface BreakerSnapshot {
  name: string;
  state: BreakerState;
  successes: number;
  failures: number;
  rejects: number;
  timeouts: number;
}

type Invoker = (action: () => Promise<unknown>) => Promise<unknown>;

interface Entry {
  policy: BreakerPolicy;
  breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
}

/** The breaker runs whatever it is handed, so a single instance per target serves every call (docs/performance.md). */
const invoke: Invoker = (action) => action();

/**
 * One opossum breaker per external target, created once at registration; its own listeners are attached
 * there and never again, and callers subscribe to this registry instead of to the breakers.
 */
@Injectable()
export class BreakerRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger('BreakerRegistry');
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<BreakerStateListener>();
  private gate?: PartnerGate;

  constructor(
    private readonly metrics: ResilienceMetrics,
    // Operators' rolling counts and latency (ops.connector-state); its own instance when built by hand.
    private readonly calls: ConnectorCallWindow = new ConnectorCallWindow(),
  ) {}

  register(policy: BreakerPolicy): void {
    assertValidPolicy(policy);
    if (this.entries.has(policy.name))
      throw new Error(`A breaker is already registered for "${policy.name}"`);
    const isFailure = policy.isFailure ?? isPartnerFailure;
    const breaker = new CircuitBreaker(invoke, {
      name: policy.name,
      timeout: policy.timeoutMs,
      errorThresholdPercentage: policy.errorThresholdPercentage,
      volumeThreshold: policy.volumeThreshold,
      rollingCountTimeout: policy.rollingCountTimeoutMs,
      resetTimeout: policy.resetTimeoutMs,
      // opossum's errorFilter means "not a failure"; its own timeout error must always count.
      errorFilter: (error: unknown) => !isOpossumError(error, 'ETIMEDOUT') && !isFailure(error),
      // Latency percentiles and periodic snapshots cost CPU on every call and timer ticks; nothing reads them.
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    breaker.on('open', () => this.transition(policy.name, 'open'));
    breaker.on('halfOpen', () => this.transition(policy.name, 'half-open'));
    breaker.on('close', () => this.transition(policy.name, 'closed'));
    this.entries.set(policy.name, { policy, breaker });
    this.metrics.recordState(policy.name, 'closed');
  }

  /** The opossum breaker, for operator actions (force open or close). Calls go through {@link execute}. */
  get(name: string): CircuitBreaker<[() => Promise<unknown>], unknown> {
    return this.entry(name).breaker;
  }

  policyOf(name: string): Readonly<BreakerPolicy> {
    return this.entry(name).policy;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** A shut-down breaker refuses every call, so it reads as open. */
  state(name: string): BreakerState {
    const { breaker } = this.entry(name);
    if (breaker.closed) return 'closed';
    return breaker.halfOpen ? 'half-open' : 'open';
  }

  snapshot(name: string): BreakerSnapshot {
    const { successes, failures, rejects, timeouts } = this.entry(name).breaker.stats;
    return { name, state: this.state(name), successes, failures, rejects, timeouts };
  }

  snapshots(): BreakerSnapshot[] {
    return this.names().map((name) => this.snapshot(name));
  }

  /**
   * Subscribes to every breaker's transitions, including breakers registered later. The listener runs
   * synchronously inside opossum's bookkeeping, so a throwing listener is logged, never propagated: it would
   * otherwise leave the call that tripped the breaker unsettled. Returns the unsubscribe function.
   */
  onStateChange(listener: BreakerStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs the action through the target's breaker. An open breaker fails with ConnectorOpen without calling
   * the action; a timeout fails with PartnerUnavailable; any other error reaches the caller unchanged.
   */
  async execute<T>(name: string, action: GuardedAction<T>): Promise<T> {
    const { breaker, policy } = this.entry(name);
    const controller = new AbortController();
    const started = performance.now();
    try {
      const result = (await breaker.fire(() => action(controller.signal))) as T;
      this.metrics.recordCall(name, 'success');
      this.calls.record(name, 'success', performance.now() - started);
      return result;
    } catch (error: unknown) {
      if (isOpossumError(error, 'EOPENBREAKER') || isOpossumError(error, 'ESHUTDOWN')) {
        this.metrics.recordCall(name, 'short_circuited');
        this.calls.record(name, 'short_circuited', 0);
        throw connectorOpen(name, policy.resetTimeoutMs, error);
      }
      if (isOpossumError(error, 'ETIMEDOUT')) {
        this.metrics.recordCall(name, 'timeout');
        const timedOut = new DomainError(
          DomainErrorCode.PartnerUnavailable,
          `${name} did not answer within ${policy.timeoutMs} ms`,
          [],
          { cause: error },
        );
        this.calls.record(name, 'timeout', performance.now() - started, timedOut);
        // The action is still running; cancelling it frees its socket and its bulkhead slot's real work.
        controller.abort(timedOut);
        throw timedOut;
      }
      const outcome = (policy.isFailure ?? isPartnerFailure)(error) ? 'failure' : 'rejected';
      this.metrics.recordCall(name, outcome);
      this.calls.record(name, outcome, performance.now() - started, error);
      throw error;
    }
  }

  /** True while the gate parks the partner on purpose (an operator's override, a maintenance window). */
  heldOnPurpose(name: string): boolean {
    return this.gate?.heldOnPurpose(name) ?? false;
  }

  /** Shares the breakers' say with a gate (every replica's, operators'): consulted before each call from now on. */
  useGate(gate: PartnerGate): void {
    this.gate = gate;
  }

  /** The gate's verdict on a call about to be made; ConnectorOpen when it parks the partner. */
  admit(name: string): Promise<Admission> {
    return this.gate ? this.gate.admit(name) : Promise.resolve('pass');
  }

  /** Tells the gate how a call it admitted as the probe went: a partner failure reopens it for everyone. */
  async settleProbe(name: string, error?: unknown): Promise<void> {
    const isFailure = this.entry(name).policy.isFailure ?? isPartnerFailure;
    const failed = error !== undefined && (isFailure(error) || isOpossumError(error, 'ETIMEDOUT'));
    await this.gate?.probed(name, !failed);
  }

  /**
   * Fails fast while the breaker is open, before a caller spends a rate-limit token or a bulkhead slot on a
   * call the breaker would refuse anyway. Half-open lets the caller through to compete for the probe.
   */
  rejectIfOpen(name: string): void {
    if (this.state(name) !== 'open') return;
    this.metrics.recordCall(name, 'short_circuited');
    throw connectorOpen(name, this.entry(name).policy.resetTimeoutMs);
  }

  /** Clears the breakers' timers; calls in flight still settle, new calls are refused as ConnectorOpen. */
  shutdown(): void {
    for (const { breaker } of this.entries.values()) breaker.shutdown();
    this.listeners.clear();
  }

  // After the consumers stopped (onModuleDestroy): an in-flight handler's call is not refused by a shutdown breaker.
  onApplicationShutdown(): void {
    this.shutdown();
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`No breaker is registered for "${name}"`);
    return entry;
  }

  private transition(name: string, state: BreakerState): void {
    this.metrics.recordState(name, state);
    const log = state === 'closed' ? 'log' : 'warn';
    this.logger[log]({ connector: name, state }, `Breaker ${state}`);
    for (const listener of this.listeners) {
      try {
        listener(name, state);
      } catch (error: unknown) {
        this.logger.error({ connector: name, state, err: error }, 'Breaker state listener failed');
      }
    }
  }
}

/** Retry-After: the breaker lets a probe through within its reset time, so asking again then is not wasted. */
function connectorOpen(name: string, resetTimeoutMs: number, cause?: unknown): DomainError {
  return new DomainError(DomainErrorCode.ConnectorOpen, `${name} is unavailable: its breaker is open`, [], {
    cause,
    retryAfterSeconds: Math.max(1, Math.ceil(resetTimeoutMs / 1000)),
  });
}

/** Only opossum's own errors: a network ETIMEDOUT from the HTTP client is the adapter's to classify. */
function isOpossumError(error: unknown, code: string): boolean {
  return (
    error instanceof Error && CircuitBreaker.isOurError(error) && (error as { code?: unknown }).code === code
  );
}
