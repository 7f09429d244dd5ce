import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { RateLimitPolicy } from './breaker-policy';
import { Clock, FakeClock } from './clock';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let clock: FakeClock;
  let granted: Array<{ id: number; at: number }>;

  const limiter = (policy: RateLimitPolicy) => new RateLimiter('national-portal', policy, clock);
  const request = (rate: RateLimiter, id: number) =>
    rate.acquire().then(() => {
      granted.push({ id, at: clock.now() });
    });

  beforeEach(() => {
    clock = new FakeClock();
    granted = [];
  });

  it.each([{}, { ratePerSecond: 0 }])('is unlimited without a rate (%j)', async (policy) => {
    const rate = limiter(policy);
    await Promise.all(Array.from({ length: 1_000 }, (_, id) => request(rate, id)));
    expect(granted).toHaveLength(1_000);
    expect(clock.pendingSleeps).toBe(0);
    expect(rate.unlimited).toBe(true);
  });

  it('grants the burst at once, then one token per 1/rate seconds', async () => {
    const rate = limiter({ ratePerSecond: 10, burst: 2 });
    const all = Promise.all([0, 1, 2, 3].map((id) => request(rate, id)));
    await clock.advance(0);
    expect(granted.map((g) => g.at)).toEqual([0, 0]);
    await clock.advance(99);
    expect(granted).toHaveLength(2);
    await clock.advance(1);
    expect(granted).toHaveLength(3);
    await clock.advance(100);
    await all;
    expect(granted.map((g) => g.at)).toEqual([0, 0, 100, 200]);
  });

  it('never exceeds the rate over any window, and serves waiters in arrival order', async () => {
    const policy = { ratePerSecond: 5, burst: 3 };
    const rate = limiter(policy);
    const pending: Array<Promise<void>> = [];
    let id = 0;
    // Arrivals in waves, some while others wait and some after the bucket has partly refilled.
    for (const [wave, size] of [
      [0, 20],
      [1_300, 7],
      [9_000, 4],
      [30_000, 10],
    ]) {
      await clock.advance(wave - clock.now());
      for (let i = 0; i < size; i++) pending.push(request(rate, id++));
      expect(clock.pendingSleeps).toBeLessThanOrEqual(1);
    }
    await clock.advance(5_000);
    await Promise.all(pending);

    expect(granted.map((g) => g.id)).toEqual(Array.from({ length: id }, (_, i) => i));
    for (let i = 0; i < granted.length; i++) {
      for (let j = i; j < granted.length; j++) {
        const allowed = policy.burst + (policy.ratePerSecond * (granted[j].at - granted[i].at)) / 1_000;
        expect(j - i + 1).toBeLessThanOrEqual(allowed + 1e-6);
      }
    }
    // Not slower than the rate either: the first wave drains at exactly 200 ms a call after the burst.
    expect(granted[19].at).toBeCloseTo((19 - 2) * 200, 6);
  });

  it('keeps a newcomer behind a waiter whose timer fires late', async () => {
    // Real timers fire after their due time; a token that accrued meanwhile belongs to the head of the queue.
    class LateClock extends Clock {
      time = 0;
      readonly wake: Array<() => void> = [];
      now(): number {
        return this.time;
      }
      sleep(): Promise<void> {
        return new Promise((resolve) => this.wake.push(resolve));
      }
    }
    const late = new LateClock();
    const rate = new RateLimiter('national-portal', { ratePerSecond: 1, burst: 1 }, late);
    const order: string[] = [];
    await rate.acquire();
    const first = rate.acquire().then(() => order.push('first'));
    late.time = 5_000;
    const second = rate.acquire().then(() => order.push('second'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    late.wake.shift()?.();
    await first;
    late.time = 6_000;
    late.wake.shift()?.();
    await second;
    expect(order).toEqual(['first', 'second']);
  });

  it('refuses a call whose wait would exceed maxWaitMs, without queueing it', async () => {
    const rate = limiter({ ratePerSecond: 1, burst: 1, maxWaitMs: 1_500 });
    const first = request(rate, 0);
    const second = request(rate, 1);
    const refused = await rate.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe(DomainErrorCode.PartnerUnavailable);
    expect(rate.queued).toBe(1);
    await clock.advance(1_000);
    await Promise.all([first, second]);
    expect(granted.map((g) => g.at)).toEqual([0, 1_000]);
  });
});
