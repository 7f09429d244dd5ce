import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { RateLimitPolicy } from './breaker-policy';
import { Clock, SystemClock } from './clock';

/** Float refills land a hair under a whole token; without this a due waiter would sleep again for ~0 ms. */
const EPSILON = 1e-9;

/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most `burst`. Waiters queue in arrival order and
 * one pump serves them, sleeping on the clock until the head's token has accrued: FIFO by construction, and a
 * single pending timer however many wait. After an outage the backlog therefore drains at exactly the
 * partner's configured rate (docs/performance.md).
 */
export class RateLimiter {
  private readonly rate: number;
  private readonly burst: number;
  private readonly maxWaitMs: number | undefined;
  private tokens: number;
  private refilledAt: number;
  private readonly waiters: Array<() => void> = [];
  private pumping = false;

  constructor(
    private readonly name: string,
    policy: RateLimitPolicy = {},
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.rate = policy.ratePerSecond ?? 0;
    this.burst = policy.burst ?? Math.max(1, Math.ceil(this.rate));
    this.maxWaitMs = policy.maxWaitMs;
    this.tokens = this.burst;
    this.refilledAt = clock.now();
  }

  get unlimited(): boolean {
    return !(this.rate > 0);
  }

  /** Callers waiting for a token. */
  get queued(): number {
    return this.waiters.length;
  }

  /**
   * Resolves when the caller may make one call. Rejects at once with PartnerUnavailable when the wait would
   * exceed `maxWaitMs`; a caller that is refused takes no place in the queue.
   */
  acquire(): Promise<void> {
    if (this.unlimited) return Promise.resolve();
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1 - EPSILON) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    const waitMs = ((this.waiters.length + 1 - this.tokens) * 1000) / this.rate;
    if (this.maxWaitMs !== undefined && waitMs > this.maxWaitMs) {
      return Promise.reject(
        new DomainError(
          DomainErrorCode.PartnerUnavailable,
          `${this.name} rate limit: a call would wait ${Math.ceil(waitMs)} ms, more than ${this.maxWaitMs} ms`,
        ),
      );
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        this.refill();
        if (this.tokens >= 1 - EPSILON) {
          this.tokens -= 1;
          this.waiters.shift()?.();
          continue;
        }
        await this.clock.sleep(((1 - this.tokens) * 1000) / this.rate);
      }
    } finally {
      this.pumping = false;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.rate) / 1000);
    this.refilledAt = now;
  }
}
