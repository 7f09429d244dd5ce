import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { ConnectorPolicy } from './breaker-policy';
import { BreakerRegistry } from './breaker-registry';
import { FakeClock } from './clock';
import { ConnectorGuards } from './connector-guards';
import { ResilienceMetrics } from './resilience-metrics';

const NAME = 'payment-gateway';

function policy(overrides: Partial<ConnectorPolicy> = {}): ConnectorPolicy {
  return {
    name: NAME,
    timeoutMs: 1_000,
    errorThresholdPercentage: 50,
    volumeThreshold: 1,
    rollingCountTimeoutMs: 10_000,
    resetTimeoutMs: 60_000,
    ...overrides,
  };
}

describe('ConnectorGuard', () => {
  let registry: Registry;
  let clock: FakeClock;
  let breakers: BreakerRegistry;
  let guards: ConnectorGuards;

  const outcomes = async () => {
    const metric = registry.getSingleMetric('lgsp_connector_calls_total');
    const values = metric ? (await metric.get()).values : [];
    const byOutcome: Record<string, number> = {};
    for (const value of values) byOutcome[String(value.labels.outcome)] = value.value;
    return byOutcome;
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    registry = new Registry();
    clock = new FakeClock();
    const metrics = new ResilienceMetrics(registry);
    breakers = new BreakerRegistry(metrics);
    guards = new ConnectorGuards(breakers, metrics, clock, [
      policy({ rateLimit: { ratePerSecond: 1, burst: 1 } }),
    ]);
  });

  afterEach(() => breakers.shutdown());

  it('takes a rate-limit token before calling the partner', async () => {
    const guard = guards.get(NAME);
    const action = jest.fn(() => Promise.resolve('paid'));
    await expect(guard.run(action)).resolves.toBe('paid');
    const second = guard.run(action);
    await clock.advance(999);
    expect(action).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    await expect(second).resolves.toBe('paid');
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('tells the work it timed how long its calls waited for the rate limit, apart from other work', async () => {
    const guard = guards.get(NAME);
    const action = () => Promise.resolve('sent');
    // The only token goes to untimed work; the timed call then waits a second for the next one.
    await guard.run(action);
    const timed = guard.timed(() => guard.run(action));
    const other = guard.timed(() => Promise.resolve('no call'));
    await clock.advance(1_000);
    await expect(timed).resolves.toEqual({ result: 'sent', rateLimitMs: 1_000 });
    await expect(other).resolves.toEqual({ result: 'no call', rateLimitMs: 0 });
  });

  it('makes the calls of a replay wait for the replay’s share of the rate, and no other call', async () => {
    const replaying = new ConnectorGuards(breakers, new ResilienceMetrics(new Registry()), clock, [
      policy({
        name: 'portal',
        rateLimit: { ratePerSecond: 10, burst: 10 },
        replayRateLimit: { ratePerSecond: 1, burst: 1 },
      }),
    ]).get('portal');
    const sent: string[] = [];
    const call = (what: string) => () => replaying.run(() => Promise.resolve(sent.push(what)));
    await replaying.replaying(true, call('replay 1'));
    const second = replaying.replaying(true, call('replay 2'));
    await call('live')();
    await clock.advance(999);
    expect(sent).toEqual(['replay 1', 'live']);
    await clock.advance(1);
    await second;
    expect(sent).toEqual(['replay 1', 'live', 'replay 2']);
  });

  it('fails fast while the breaker is open, spending no token and not calling the partner', async () => {
    const guard = guards.get(NAME);
    await guard
      .run(() => Promise.reject(new DomainError(DomainErrorCode.PartnerUnavailable, '502')))
      .catch(() => 0);
    expect(guard.state()).toBe('open');
    const action = jest.fn(() => Promise.resolve('paid'));
    for (let i = 0; i < 3; i++) {
      await expect(guard.run(action)).rejects.toMatchObject({ code: DomainErrorCode.ConnectorOpen });
    }
    expect(action).not.toHaveBeenCalled();
    expect(clock.pendingSleeps).toBe(0);
    expect(await outcomes()).toMatchObject({ failure: 1, short_circuited: 3 });
  });

  it('refuses with PartnerUnavailable when its bulkhead is full', async () => {
    const guard = guards.register(policy({ name: 'one-stop', bulkhead: { maxConcurrent: 1, maxQueue: 0 } }));
    let finish!: () => void;
    const first = guard.run(() => new Promise<void>((resolve) => (finish = resolve)));
    await clock.advance(0);
    await expect(guard.run(() => Promise.resolve())).rejects.toMatchObject({
      code: DomainErrorCode.PartnerUnavailable,
    });
    finish();
    await first;
    await expect(guard.run(() => Promise.resolve('again'))).resolves.toBe('again');
    expect(await outcomes()).toMatchObject({ bulkhead_full: 1, success: 2 });
  });

  it('refuses with PartnerUnavailable when the token wait would exceed its bound', async () => {
    const guard = guards.register(
      policy({ name: 'one-stop', rateLimit: { ratePerSecond: 1, maxWaitMs: 100 } }),
    );
    await guard.run(() => Promise.resolve());
    const action = jest.fn(() => Promise.resolve());
    await expect(guard.run(action)).rejects.toMatchObject({ code: DomainErrorCode.PartnerUnavailable });
    expect(action).not.toHaveBeenCalled();
    expect(await outcomes()).toMatchObject({ rate_limited: 1 });
  });

  it('builds one guard and one breaker per connector', () => {
    expect(guards.names()).toEqual([NAME]);
    expect(breakers.names()).toEqual([NAME]);
    expect(() => guards.register(policy())).toThrow(/already registered/);
    expect(() => guards.get('unknown')).toThrow(/No guard/);
  });
});
