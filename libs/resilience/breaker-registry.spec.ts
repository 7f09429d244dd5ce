import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { BreakerPolicy, BreakerState } from './breaker-policy';
import { BreakerRegistry } from './breaker-registry';
import { ResilienceMetrics } from './resilience-metrics';

const NAME = 'national-portal';

function policy(overrides: Partial<BreakerPolicy> = {}): BreakerPolicy {
  return {
    name: NAME,
    timeoutMs: 1_000,
    errorThresholdPercentage: 50,
    volumeThreshold: 3,
    rollingCountTimeoutMs: 10_000,
    resetTimeoutMs: 50,
    ...overrides,
  };
}

const unavailable = () => Promise.reject(new DomainError(DomainErrorCode.PartnerUnavailable, 'HTTP 503'));

function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function codeOf(
  promise: Promise<unknown>,
): Promise<DomainErrorCode | 'resolved' | 'not a DomainError'> {
  try {
    await promise;
    return 'resolved';
  } catch (error: unknown) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
}

describe('BreakerRegistry', () => {
  let registry: Registry;
  let breakers: BreakerRegistry;
  let transitions: Array<[string, BreakerState]>;

  const nextState = (wanted: BreakerState) =>
    new Promise<void>((resolve) => {
      const off = breakers.onStateChange((_, state) => {
        if (state !== wanted) return;
        off();
        resolve();
      });
    });

  const trip = async () => {
    for (let i = 0; i < 3; i++) await breakers.execute(NAME, unavailable).catch(() => undefined);
    expect(breakers.state(NAME)).toBe('open');
  };

  const metricValue = async (name: string, labels: Record<string, string>) => {
    const metric = registry.getSingleMetric(name);
    const values = metric ? (await metric.get()).values : [];
    const match = values.find((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v));
    return match?.value ?? 0;
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    registry = new Registry();
    breakers = new BreakerRegistry(new ResilienceMetrics(registry));
    transitions = [];
    breakers.onStateChange((name, state) => transitions.push([name, state]));
  });

  afterEach(() => breakers.shutdown());

  it('returns the action result while closed', async () => {
    breakers.register(policy());
    await expect(breakers.execute(NAME, () => Promise.resolve(42))).resolves.toBe(42);
    expect(breakers.state(NAME)).toBe('closed');
    expect(await metricValue('lgsp_connector_calls_total', { connector: NAME, outcome: 'success' })).toBe(1);
  });

  it('opens once the volume threshold of failures is reached, then refuses without calling the action', async () => {
    breakers.register(policy());
    for (let i = 0; i < 2; i++) {
      expect(await codeOf(breakers.execute(NAME, unavailable))).toBe(DomainErrorCode.PartnerUnavailable);
    }
    expect(breakers.state(NAME)).toBe('closed');
    await breakers.execute(NAME, unavailable).catch(() => undefined);
    expect(breakers.state(NAME)).toBe('open');

    const action = jest.fn(() => Promise.resolve('called'));
    // The caller is told when a probe may pass: the reset time in whole seconds (HTTP Retry-After).
    expect(await breakers.execute(NAME, action).catch((error: unknown) => error)).toMatchObject({
      code: DomainErrorCode.ConnectorOpen,
      options: { retryAfterSeconds: 1 },
    });
    expect(action).not.toHaveBeenCalled();
    expect(breakers.snapshot(NAME)).toMatchObject({ state: 'open', failures: 3, rejects: 1 });
    expect(await metricValue('lgsp_connector_breaker_state', { connector: NAME })).toBe(2);
    expect(
      await metricValue('lgsp_connector_calls_total', { connector: NAME, outcome: 'short_circuited' }),
    ).toBe(1);
  });

  it('does not count partner rejections, and hands them back unchanged', async () => {
    breakers.register(policy());
    const rejections = [DomainErrorCode.RejectedByPartner, DomainErrorCode.ValidationFailed];
    for (let i = 0; i < 10; i++) {
      const error = new DomainError(rejections[i % 2], 'MaHoSo không hợp lệ');
      await expect(breakers.execute(NAME, () => Promise.reject(error))).rejects.toBe(error);
    }
    expect(breakers.state(NAME)).toBe('closed');
    expect(breakers.snapshot(NAME).failures).toBe(0);
    expect(await metricValue('lgsp_connector_calls_total', { connector: NAME, outcome: 'rejected' })).toBe(
      10,
    );
  });

  it('honours a policy classifier', async () => {
    breakers.register(policy({ isFailure: () => false }));
    for (let i = 0; i < 5; i++) await breakers.execute(NAME, unavailable).catch(() => undefined);
    expect(breakers.state(NAME)).toBe('closed');
  });

  it('counts unclassified errors as failures and passes them through unchanged', async () => {
    breakers.register(policy({ volumeThreshold: 1 }));
    const error = new TypeError('socket hang up');
    await expect(breakers.execute(NAME, () => Promise.reject(error))).rejects.toBe(error);
    expect(breakers.state(NAME)).toBe('open');
  });

  it('goes half-open after the reset timeout, lets one probe through, and closes when it succeeds', async () => {
    breakers.register(policy());
    const halfOpen = nextState('half-open');
    await trip();
    await halfOpen;
    expect(breakers.state(NAME)).toBe('half-open');

    const probe = deferred<string>();
    const probing = breakers.execute(NAME, () => probe.promise);
    const other = jest.fn(() => Promise.resolve('other'));
    expect(await codeOf(breakers.execute(NAME, other))).toBe(DomainErrorCode.ConnectorOpen);
    expect(other).not.toHaveBeenCalled();

    probe.resolve('ok');
    await expect(probing).resolves.toBe('ok');
    expect(breakers.state(NAME)).toBe('closed');
    expect(await metricValue('lgsp_connector_breaker_state', { connector: NAME })).toBe(0);
  });

  it('reopens when the probe fails', async () => {
    breakers.register(policy());
    const halfOpen = nextState('half-open');
    await trip();
    await halfOpen;
    await breakers.execute(NAME, unavailable).catch(() => undefined);
    expect(breakers.state(NAME)).toBe('open');
    expect(transitions.map(([, state]) => state)).toEqual(['open', 'half-open', 'open']);
  });

  it('reports each transition exactly once, even when several calls fail together', async () => {
    breakers.register(policy());
    const halfOpen = nextState('half-open');
    // Six calls in flight fail after the breaker has opened; opening again must not be reported again.
    const inFlight = Array.from({ length: 6 }, () =>
      breakers.execute(NAME, unavailable).catch(() => undefined),
    );
    await Promise.all(inFlight);
    await halfOpen;
    await breakers.execute(NAME, () => Promise.resolve('ok'));
    expect(transitions).toEqual([
      [NAME, 'open'],
      [NAME, 'half-open'],
      [NAME, 'closed'],
    ]);
  });

  it('maps its own timeout to PartnerUnavailable, counts it whatever the classifier says, and aborts the action', async () => {
    breakers.register(policy({ timeoutMs: 10, volumeThreshold: 1, isFailure: () => false }));
    let signal: AbortSignal | undefined;
    const slow = (abort: AbortSignal) => {
      signal = abort;
      return new Promise<never>((_, reject) =>
        abort.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    };
    const error = await breakers.execute(NAME, slow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.PartnerUnavailable);
    expect(signal?.aborted).toBe(true);
    expect(breakers.state(NAME)).toBe('open');
    expect(await metricValue('lgsp_connector_calls_total', { connector: NAME, outcome: 'timeout' })).toBe(1);
  });

  it('leaves a network ETIMEDOUT from the client to the classifier, unchanged', async () => {
    breakers.register(policy());
    const error = Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT' });
    await expect(breakers.execute(NAME, () => Promise.reject(error))).rejects.toBe(error);
  });

  it('attaches its listeners once per breaker, not per call', async () => {
    breakers.register(policy());
    const breaker = breakers.get(NAME);
    const events = ['open', 'halfOpen', 'close', 'success', 'failure'] as const;
    const before = events.map((event) => breaker.listenerCount(event));
    for (let i = 0; i < 50; i++) await breakers.execute(NAME, () => Promise.resolve(i));
    expect(events.map((event) => breaker.listenerCount(event))).toEqual(before);
  });

  it('settles the tripping call and informs later listeners when one listener throws', async () => {
    breakers.register(policy({ volumeThreshold: 1 }));
    breakers.onStateChange(() => {
      throw new Error('listener bug');
    });
    const seen: BreakerState[] = [];
    breakers.onStateChange((_, state) => seen.push(state));
    expect(await codeOf(breakers.execute(NAME, unavailable))).toBe(DomainErrorCode.PartnerUnavailable);
    expect(seen).toEqual(['open']);
  });

  it('stops notifying an unsubscribed listener', async () => {
    breakers.register(policy({ volumeThreshold: 1 }));
    const listener = jest.fn();
    breakers.onStateChange(listener)();
    await breakers.execute(NAME, unavailable).catch(() => undefined);
    expect(breakers.state(NAME)).toBe('open');
    expect(listener).not.toHaveBeenCalled();
  });

  it('refuses calls as ConnectorOpen after shutdown', async () => {
    breakers.register(policy());
    breakers.shutdown();
    const action = jest.fn(() => Promise.resolve(1));
    expect(await codeOf(breakers.execute(NAME, action))).toBe(DomainErrorCode.ConnectorOpen);
    expect(action).not.toHaveBeenCalled();
  });

  it('refuses a second breaker for one target, an invalid policy and an unknown target', async () => {
    breakers.register(policy());
    expect(() => breakers.register(policy())).toThrow(/already registered/);
    expect(() => breakers.register(policy({ name: 'payment', timeoutMs: 0 }))).toThrow(/timeoutMs/);
    await expect(breakers.execute('unknown', () => Promise.resolve(1))).rejects.toThrow(/No breaker/);
  });
});
