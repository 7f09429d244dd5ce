import { BacklogGrowthEvaluator, QUIET_EVALUATIONS_TO_RESOLVE } from './backlog-growth.evaluator';

describe('BacklogGrowthEvaluator', () => {
  const holds = (
    evaluator: BacklogGrowthEvaluator,
    figures: Record<string, number>,
  ): Record<string, boolean> =>
    Object.fromEntries(
      evaluator.evaluate(new Map(Object.entries(figures))).map((reading) => [reading.key, reading.holds]),
    );

  it('takes the first reading as its baseline, holds while the figure grows, ends after quiet evaluations', () => {
    const evaluator = new BacklogGrowthEvaluator('dead-letters-growing', 'Open dead letters');
    expect(holds(evaluator, { portal: 40 })).toEqual({ 'dead-letters-growing:portal': false });
    expect(holds(evaluator, { portal: 41 })).toEqual({ 'dead-letters-growing:portal': true });
    for (let quiet = 1; quiet < QUIET_EVALUATIONS_TO_RESOLVE; quiet += 1) {
      expect(holds(evaluator, { portal: 41 })['dead-letters-growing:portal']).toBe(true);
    }
    // Growth again within the quiet period: still the same episode.
    expect(holds(evaluator, { portal: 45 })['dead-letters-growing:portal']).toBe(true);
    for (let quiet = 1; quiet < QUIET_EVALUATIONS_TO_RESOLVE; quiet += 1) holds(evaluator, { portal: 45 });
    expect(holds(evaluator, { portal: 44 })['dead-letters-growing:portal']).toBe(false);
  });

  it('describes the episode from where it started, per connector', () => {
    const evaluator = new BacklogGrowthEvaluator('dead-letters-growing', 'Open dead letters');
    evaluator.evaluate(new Map([['a', 2]]));
    const [reading, other] = evaluator.evaluate(
      new Map([
        ['a', 5],
        ['b', 1],
      ]),
    );
    expect(reading.describe()).toEqual({
      alert: 'dead-letters-growing',
      connector: 'a',
      summary: 'Open dead letters of a grew from 2 to 5',
      details: { from: 2, now: 5 },
    });
    // A connector seen for the first time is a baseline, not growth.
    expect(other).toMatchObject({ key: 'dead-letters-growing:b', holds: false });
  });

  it('fires on lag only after rises at several evaluations in a row, from where the run of rises began', () => {
    const evaluator = new BacklogGrowthEvaluator('consumer-lag-growing', 'Consumer lag', 3);
    const lag = (figure: number) => evaluator.evaluate(new Map([['national-portal', figure]]))[0];
    lag(0);
    expect(lag(50).holds).toBe(false);
    // A burst worked off: the run of rises starts again.
    expect(lag(0).holds).toBe(false);
    expect(lag(10).holds).toBe(false);
    expect(lag(20).holds).toBe(false);
    const reading = lag(30);
    expect(reading.holds).toBe(true);
    expect(reading.describe()).toMatchObject({ connector: 'national-portal', details: { from: 0, now: 30 } });
  });
});
