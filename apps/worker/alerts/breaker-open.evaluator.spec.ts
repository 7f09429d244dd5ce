import type { BreakerRegistry, BreakerState } from '@lgsp/resilience';
import { BreakerOpenEvaluator } from './breaker-open.evaluator';

describe('BreakerOpenEvaluator', () => {
  let state: BreakerState = 'closed';
  const registry = { names: () => ['national-portal'], state: () => state } as unknown as BreakerRegistry;

  it('holds once the breaker stayed away from closed past the threshold, half-open included', () => {
    const evaluator = new BreakerOpenEvaluator(registry, 60_000);
    expect(evaluator.evaluate(0)[0].holds).toBe(false);
    state = 'open';
    evaluator.onStateChange('national-portal', 'open', 1_000);
    expect(evaluator.evaluate(30_000)[0].holds).toBe(false);
    state = 'half-open';
    evaluator.onStateChange('national-portal', 'half-open', 40_000);
    const [reading] = evaluator.evaluate(61_000);
    expect(reading).toMatchObject({ key: 'breaker-open:national-portal', holds: true });
    expect(reading.describe()).toMatchObject({
      alert: 'breaker-open',
      connector: 'national-portal',
      details: { state: 'half-open', openSince: new Date(1_000).toISOString(), openForMs: 60_000 },
    });
    state = 'closed';
    evaluator.onStateChange('national-portal', 'closed', 62_000);
    expect(evaluator.evaluate(63_000)[0].holds).toBe(false);
  });

  it('times a breaker first seen open from that evaluation', () => {
    state = 'open';
    const evaluator = new BreakerOpenEvaluator(registry, 1_000);
    expect(evaluator.evaluate(5_000)[0].holds).toBe(false);
    expect(evaluator.evaluate(6_000)[0].holds).toBe(true);
  });
});
