import { Test } from '@nestjs/testing';
import { ClientRateLimiter } from './client-rate-limiter';
import { LimitsModule } from './limits.module';

describe('ClientRateLimiter', () => {
  let limiter: ClientRateLimiter;
  let close: () => Promise<void>;

  beforeEach(async () => {
    // The storage reads Date.now(): fake timers move the window without waiting a minute.
    jest.useFakeTimers({ now: new Date('2026-11-26T08:00:00Z') });
    const module = await Test.createTestingModule({ imports: [LimitsModule] }).compile();
    limiter = module.get(ClientRateLimiter);
    close = () => module.close();
  });

  afterEach(async () => {
    await close();
    jest.useRealTimers();
  });

  const consumeTimes = async (clientId: string, perMinute: number, times: number) => {
    const decisions = [];
    for (let i = 0; i < times; i += 1) decisions.push(await limiter.consume(clientId, perMinute));
    return decisions;
  };

  it('allows up to the limit, then refuses with a positive Retry-After', async () => {
    const decisions = await consumeTimes('one-stop', 3, 3);
    expect(decisions).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    jest.advanceTimersByTime(20_000);
    const refused = await limiter.consume('one-stop', 3);
    // The oldest request leaves the window 40 s from now.
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 40 });
  });

  it('counts each client on its own', async () => {
    await consumeTimes('one-stop', 2, 2);
    expect(await limiter.consume('one-stop', 2)).toMatchObject({ allowed: false });
    expect(await limiter.consume('national-portal', 2)).toEqual({ allowed: true });
  });

  it('lets requests in again as the window passes, a refused request not counting', async () => {
    await limiter.consume('one-stop', 2);
    jest.advanceTimersByTime(30_000);
    await limiter.consume('one-stop', 2);
    for (const refused of await consumeTimes('one-stop', 2, 5))
      expect(refused).toMatchObject({ allowed: false });
    jest.advanceTimersByTime(30_000);
    // The first request left the window; the one 30 s ago is still in it.
    expect(await limiter.consume('one-stop', 2)).toEqual({ allowed: true });
    expect(await limiter.consume('one-stop', 2)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    jest.advanceTimersByTime(60_000);
    expect(await consumeTimes('one-stop', 2, 2)).toEqual([{ allowed: true }, { allowed: true }]);
  });

  it('never tells a refused client to retry in 0 seconds', async () => {
    await limiter.consume('one-stop', 1);
    jest.advanceTimersByTime(59_999);
    expect(await limiter.consume('one-stop', 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
