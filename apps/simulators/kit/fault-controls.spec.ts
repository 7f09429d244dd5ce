import { ManualClock } from './clock';
import { FaultControls, InvalidFaultSettingsError } from './fault-controls';
import { SeededRandom } from './seeded-random';

function seeded(seed = 7): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

describe('FaultControls', () => {
  it('proceeds untouched without faults', () => {
    const controls = new FaultControls(new ManualClock());
    expect(controls.decide()).toEqual({
      kind: 'proceed',
      delayMs: 0,
      slow: false,
      fail: false,
      malformed: false,
    });
  });

  it('limits requests per second of the injected clock', () => {
    const clock = new ManualClock();
    const controls = new FaultControls(clock, { rateLimitPerSecond: 2 });
    expect(controls.decide().kind).toBe('proceed');
    expect(controls.decide().kind).toBe('proceed');
    expect(controls.decide()).toEqual({ kind: 'rate-limited', retryAfterSeconds: 1 });
    clock.advance(1000);
    expect(controls.decide().kind).toBe('proceed');
  });

  it('fails about errorRate of the requests', () => {
    const controls = new FaultControls(new ManualClock(), { errorRate: 0.3 }, seeded());
    const failures = Array.from({ length: 2000 }, () => controls.decide()).filter(
      (decision) => decision.kind === 'proceed' && decision.fail,
    ).length;
    expect(failures / 2000).toBeGreaterThan(0.25);
    expect(failures / 2000).toBeLessThan(0.35);
  });

  it('samples latency whose median and 99th percentile match the distribution', () => {
    const controls = new FaultControls(new ManualClock(), { latency: { p50: 40, p99: 400 } }, seeded(11));
    const delays = Array.from({ length: 20_000 }, () => {
      const decision = controls.decide();
      return decision.kind === 'proceed' ? decision.delayMs : NaN;
    }).sort((a, b) => a - b);
    expect(delays[10_000]).toBeGreaterThan(36);
    expect(delays[10_000]).toBeLessThan(44);
    expect(delays[19_800]).toBeGreaterThan(330);
    expect(delays[19_800]).toBeLessThan(480);
  });

  it('merges settings, removes those set to null and rejects invalid ones', async () => {
    const controls = new FaultControls(new ManualClock());
    await controls.set({ latencyMs: 5 });
    await controls.set({ errorRate: 0.5 });
    expect(controls.current()).toEqual({ latencyMs: 5, errorRate: 0.5 });
    await controls.set({ latencyMs: null });
    expect(controls.current()).toEqual({ errorRate: 0.5 });
    await expect(controls.set({ errorRate: 2 })).rejects.toBeInstanceOf(InvalidFaultSettingsError);
    await expect(controls.set({ outage: 'down' })).rejects.toThrow('outage must be "refuse" or "http503"');
    await expect(controls.set({ typo: 1 })).rejects.toThrow('unknown fault "typo"');
  });

  it('tells the server when a refuse outage starts and ends', async () => {
    const controls = new FaultControls(new ManualClock());
    const changes: boolean[] = [];
    controls.onRefusalChange((refusing) => {
      changes.push(refusing);
    });
    await controls.set({ outage: 'refuse' });
    await controls.set({ outage: 'refuse' });
    await controls.clear();
    expect(changes).toEqual([true, false]);
  });

  it('answers 503 during an http503 outage', async () => {
    const controls = new FaultControls(new ManualClock());
    await controls.set({ outage: 'http503' });
    expect(controls.decide()).toEqual({ kind: 'unavailable' });
  });
});
