import type { AlertSubject } from './alert-notice';
import { IncidentTracker } from './incident-tracker';

describe('IncidentTracker', () => {
  let now = new Date('2026-01-01T00:00:00Z');
  const tracker = new IncidentTracker(() => now);
  const subject = (summary: string): (() => AlertSubject) => {
    return () => ({ alert: 'breaker-open', connector: 'national-portal', summary, details: { summary } });
  };
  const later = (ms: number): void => {
    now = new Date(now.getTime() + ms);
  };

  it('fires once when a condition starts, stays quiet while it holds, resolves once when it ends', () => {
    expect(tracker.observe('breaker:portal', false, subject('closed'))).toBeUndefined();
    const firing = tracker.observe('breaker:portal', true, subject('open'));
    expect(firing).toEqual({
      alert: 'breaker-open',
      connector: 'national-portal',
      summary: 'open',
      details: { summary: 'open' },
      state: 'firing',
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    later(10_000);
    expect(tracker.observe('breaker:portal', true, subject('still open'))).toBeUndefined();
    later(10_000);
    expect(tracker.observe('breaker:portal', true, subject('still open'))).toBeUndefined();
    expect(tracker.isOpen('breaker:portal')).toBe(true);
    later(5_000);
    expect(tracker.observe('breaker:portal', false, subject('closed again'))).toEqual({
      alert: 'breaker-open',
      connector: 'national-portal',
      summary: 'closed again',
      details: { summary: 'closed again' },
      state: 'resolved',
      startedAt: '2026-01-01T00:00:00.000Z',
      resolvedAt: '2026-01-01T00:00:25.000Z',
    });
    expect(tracker.observe('breaker:portal', false, subject('closed'))).toBeUndefined();
    expect(tracker.isOpen('breaker:portal')).toBe(false);
  });

  it('opens a new incident when the condition holds again after it was resolved', () => {
    later(60_000);
    const again = tracker.observe('breaker:portal', true, subject('open again'));
    expect(again).toMatchObject({ state: 'firing', startedAt: now.toISOString(), summary: 'open again' });
    later(1_000);
    expect(tracker.observe('breaker:portal', false, subject('closed'))).toMatchObject({
      state: 'resolved',
      startedAt: again?.startedAt,
    });
  });

  it('keeps incidents of different keys apart', () => {
    expect(tracker.observe('breaker:a', true, subject('a open'))?.state).toBe('firing');
    expect(tracker.observe('breaker:b', true, subject('b open'))?.state).toBe('firing');
    expect(tracker.observe('breaker:a', false, subject('a closed'))?.state).toBe('resolved');
    expect(tracker.observe('breaker:b', true, subject('b open'))).toBeUndefined();
  });

  it('does not ask for a description when no notice is due', () => {
    const describe = jest.fn(subject('x'));
    tracker.observe('quiet', false, describe);
    expect(describe).not.toHaveBeenCalled();
  });
});
