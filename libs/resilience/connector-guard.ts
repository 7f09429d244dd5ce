import { AsyncLocalStorage } from 'node:async_hooks';
import type { BreakerState, ConnectorPolicy } from './breaker-policy';
import type { BreakerRegistry, GuardedAction } from './breaker-registry';
import type { Bulkhead, Release } from './bulkhead';
import type { Clock } from './clock';
import type { RateLimiter } from './rate-limiter';
import type { ResilienceMetrics } from './resilience-metrics';

/**
 * Everything between one connector and its partner: the shared gate (other replicas' breakers, operators'
 * overrides, maintenance windows), rate limit, then bulkhead, then breaker. The token comes
 * first so the partner never sees more than its rate even when the bulkhead queues; the breaker comes last so
 * only calls that really leave count for or against the partner. Built by ConnectorGuards, once per connector.
 */
export class ConnectorGuard {
  /** The waits of the work `timed` runs: each call it makes adds its own. */
  private readonly waits = new AsyncLocalStorage<{ rateLimitMs: number }>();
  /** Set within `replaying`: the work's calls also wait for the replay's share of the rate. */
  private readonly replay = new AsyncLocalStorage<boolean>();

  constructor(
    readonly policy: Readonly<ConnectorPolicy>,
    private readonly breakers: BreakerRegistry,
    private readonly limiters: { limiter: RateLimiter; replayLimiter?: RateLimiter },
    private readonly bulkhead: Bulkhead | undefined,
    private readonly metrics: ResilienceMetrics,
    private readonly clock: Clock,
  ) {}

  get name(): string {
    return this.policy.name;
  }

  state(): BreakerState {
    return this.breakers.state(this.name);
  }

  /**
   * Runs `action` (typically one HTTP or SOAP call) under the connector's guards. Fails with ConnectorOpen while
   * the breaker is open, PartnerUnavailable on timeout, a full bulkhead or a rate-limit wait beyond its bound;
   * the action's own errors pass through unchanged.
   */
  async run<T>(action: GuardedAction<T>): Promise<T> {
    this.breakers.rejectIfOpen(this.name);
    const admission = await this.breakers.admit(this.name);
    let release: Release = noop;
    try {
      await this.limit();
      release = await this.enter();
      const result = await this.breakers.execute(this.name, action);
      if (admission === 'probe') await this.breakers.settleProbe(this.name);
      return result;
    } catch (error: unknown) {
      // A probe that never left (rate limit, bulkhead) says nothing of the partner; it is given back as failed,
      // so the partner stays parked and is probed again after its reset time.
      if (admission === 'probe') await this.breakers.settleProbe(this.name, error);
      throw error;
    } finally {
      release();
    }
  }

  /**
   * Runs `work` and tells how long the calls it made under this guard waited for the partner's rate limit: the
   * delay report's share of that cause. Concurrent work on the same guard keeps its waits apart.
   */
  async timed<T>(work: () => Promise<T>): Promise<{ result: T; rateLimitMs: number }> {
    const waits = { rateLimitMs: 0 };
    const result = await this.waits.run(waits, work);
    return { result, rateLimitMs: Math.round(waits.rateLimitMs) };
  }

  /**
   * Runs `work` as a replay of dead letters when `isReplay`: each call it makes takes a token of the replay's share
   * of the partner's rate (policy.replayRateLimit) before the partner's own, so a bulk replay never takes more
   * than its share however its copies bunch up in Kafka. Otherwise runs it as it is.
   */
  replaying<T>(isReplay: boolean, work: () => Promise<T>): Promise<T> {
    return isReplay && this.limiters.replayLimiter ? this.replay.run(true, work) : work();
  }

  private async limit(): Promise<void> {
    const asked = this.clock.now();
    try {
      if (this.replay.getStore() === true) await this.limiters.replayLimiter?.acquire();
      await this.limiters.limiter.acquire();
      const waits = this.waits.getStore();
      if (waits) waits.rateLimitMs += this.clock.now() - asked;
    } catch (error: unknown) {
      this.metrics.recordCall(this.name, 'rate_limited');
      throw error;
    }
  }

  private async enter(): Promise<Release> {
    if (!this.bulkhead) return noop;
    try {
      return await this.bulkhead.acquire();
    } catch (error: unknown) {
      this.metrics.recordCall(this.name, 'bulkhead_full');
      throw error;
    }
  }
}

const noop: Release = () => undefined;
