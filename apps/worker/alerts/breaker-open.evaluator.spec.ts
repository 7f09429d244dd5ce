import type { BreakerRegistry, BreakerState } from '@lgsp/resilience';
import { BreakerOpenEvaluator } from './breaker-open.evaluator';

describe('BreakerOpenEvaluator', () => {
  let state: BreakerState = 'closed';
  let held = false;
  const registry = {
    names: () => ['national-portal'],
    state: () => state,
    heldOnPurpose: () => held,
  } as unknown as BreakerRegistry;

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

  it('raises nothing while an operator parks the partner on purpose, and times an outage from the hold’s end', () => {
    state = 'open';
    held = true;
    const evaluator = new BreakerOpenEvaluator(registry, 1_000);
    evaluator.onStateChange('national-portal', 'open', 0);
    expect(evaluator.evaluate(5_000)[0].holds).toBe(false);
    expect(evaluator.evaluate(60_000)[0].holds).toBe(false);
    held = false;
    expect(evaluator.evaluate(60_500)[0].holds).toBe(false);
    expect(evaluator.evaluate(61_500)[0].holds).toBe(true);
  });
});
