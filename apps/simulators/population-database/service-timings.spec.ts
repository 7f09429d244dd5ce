import { ResetRegistry } from '../kit/reset.registry';
import { ServiceTimings } from './service-timings';

describe('ServiceTimings', () => {
  it('adds up the calls of one request and forgets on reset', () => {
    const resets = new ResetRegistry();
    const timings = new ServiceTimings(resets);
    timings.add('r-1', 1.5);
    timings.add('r-2', 2);
    timings.add('r-1', 0.25);
    expect(timings.all()).toEqual({ 'r-1': 1.75, 'r-2': 2 });
    resets.resetAll();
    expect(timings.all()).toEqual({});
  });

  it('keeps the most recent 50,000 requests', () => {
    const timings = new ServiceTimings(new ResetRegistry());
    for (let index = 0; index <= 50_000; index++) timings.add(`r-${index}`, 1);
    const kept = timings.all();
    expect(Object.keys(kept)).toHaveLength(50_000);
    expect(kept['r-0']).toBeUndefined();
    expect(kept['r-50000']).toBe(1);
  });
});
