import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { ConnectorCallWindow, percentile } from './connector-call-window';

const T0 = Date.UTC(2026, 10, 26, 6, 0, 0);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('ConnectorCallWindow', () => {
  it('counts calls over the last 1, 5 and 15 minutes, forgetting older ones', () => {
    const window = new ConnectorCallWindow();
    window.record('portal', 'success', 10, undefined, T0);
    window.record('portal', 'failure', 10, new Error('boom'), T0 + 3 * MINUTE);
    window.record('portal', 'timeout', 10, undefined, T0 + 10 * MINUTE);
    window.record('portal', 'success', 10, undefined, T0 + 14 * MINUTE + 30 * SECOND);
    window.record('portal', 'rejected', 10, undefined, T0 + 14 * MINUTE + 40 * SECOND);

    const at15 = window.snapshot('portal', T0 + 14 * MINUTE + 50 * SECOND);
    expect(at15.m1).toEqual({ success: 2, failure: 0 });
    expect(at15.m5).toEqual({ success: 2, failure: 1 });
    expect(at15.m15).toEqual({ success: 3, failure: 2 });

    // Past 15 minutes the first call has left every window.
    const later = window.snapshot('portal', T0 + 15 * MINUTE + 10 * SECOND);
    expect(later.m15).toEqual({ success: 2, failure: 2 });
  });

  it('reuses a bucket slot for a new interval instead of adding to its old counts', () => {
    const window = new ConnectorCallWindow();
    window.record('portal', 'success', 1, undefined, T0);
    window.record('portal', 'success', 1, undefined, T0 + 15 * MINUTE);
    expect(window.snapshot('portal', T0 + 15 * MINUTE).m15).toEqual({ success: 1, failure: 0 });
  });

  it('counts short circuits as failures without a latency and keeps the failure that opened the breaker', () => {
    const window = new ConnectorCallWindow();
    const error = new DomainError(DomainErrorCode.PartnerUnavailable, 'national portal: HTTP 503');
    window.record('portal', 'failure', 40, error, T0);
    window.record('portal', 'short_circuited', 0, undefined, T0 + SECOND);
    const snapshot = window.snapshot('portal', T0 + 2 * SECOND);
    expect(snapshot.m1).toEqual({ success: 0, failure: 2 });
    expect(snapshot.latencyMs).toEqual({ p50: 40, p95: 40 });
    expect(snapshot.lastFailure).toEqual({
      at: T0,
      code: 'partner_unavailable',
      message: 'national portal: HTTP 503',
    });
    expect(snapshot.lastSuccessAt).toBeNull();
  });

  it('gives p50 and p95 of the last five minutes by nearest rank', () => {
    const window = new ConnectorCallWindow();
    window.record('portal', 'success', 5_000, undefined, T0 - 6 * MINUTE);
    for (let ms = 1; ms <= 100; ms += 1) window.record('portal', 'success', ms, undefined, T0);
    const snapshot = window.snapshot('portal', T0 + SECOND);
    expect(snapshot.latencyMs).toEqual({ p50: 50, p95: 95 });
    expect(snapshot.lastSuccessAt).toBe(T0);
  });

  it('answers empty windows for a connector never called', () => {
    expect(new ConnectorCallWindow().snapshot('none', T0)).toEqual({
      m1: { success: 0, failure: 0 },
      m5: { success: 0, failure: 0 },
      m15: { success: 0, failure: 0 },
      latencyMs: null,
      lastSuccessAt: null,
      lastFailure: null,
    });
  });

  it('percentile: nearest rank, one value, rounding', () => {
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1.4, 2.6], 0.95)).toBe(3);
  });
});
