import type { DeliveryTiming, ParkedPeriod } from '@lgsp/persistence';
import { DELAY_CAUSES, attributeDelay } from './delay-attribution';

const T0 = Date.parse('2026-11-20T08:00:00Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);

function timing(overrides: Partial<DeliveryTiming> = {}): DeliveryTiming {
  return {
    partner: 'national-portal',
    agency: 'H56.01',
    messageId: '00000000-0000-4000-8000-000000000001',
    dossierCode: 'H56-1',
    occurredAt: at(-5),
    acceptedAt: at(0),
    acknowledgedAt: at(100),
    dueAt: null,
    firstRefusedAt: null,
    rateLimitMs: 0,
    ...overrides,
  };
}

const period = (
  cause: ParkedPeriod['cause'],
  from: number,
  to: number | null,
  partner = 'national-portal',
): ParkedPeriod => ({ partner, cause, startedAt: at(from), endedAt: to === null ? null : at(to) });

const sum = (split: Record<string, number>): number =>
  DELAY_CAUSES.reduce((total, cause) => total + split[cause], 0);

describe('attributeDelay', () => {
  it('puts the whole wait on the bus when nothing parked the partner', () => {
    expect(attributeDelay(timing(), [])).toMatchObject({ queueing: 100_000, outage: 0, refusals: 0 });
  });

  it('gives the outage only the part of it the event waited through', () => {
    const split = attributeDelay(timing(), [period('breaker-open', 30, 90)]);
    expect(split).toMatchObject({ outage: 60_000, queueing: 40_000 });
  });

  it('ignores another partner’s outage and periods outside the event’s wait', () => {
    const split = attributeDelay(timing(), [
      period('breaker-open', 10, 50, 'one-stop'),
      period('breaker-open', -50, -10),
      period('breaker-open', 120, null),
    ]);
    expect(split).toMatchObject({ queueing: 100_000, outage: 0 });
  });

  it('counts an outage still going on up to the acknowledgement', () => {
    expect(attributeDelay(timing(), [period('breaker-open', 80, null)])).toMatchObject({ outage: 20_000 });
  });

  it('explains overlapping periods once: maintenance first, then an operator’s hold, then the outage', () => {
    const split = attributeDelay(timing(), [
      period('breaker-open', 0, 60),
      period('maintenance', 20, 40),
      period('operator-hold', 30, 70),
    ]);
    expect(split).toMatchObject({
      outage: 20_000,
      maintenance: 20_000,
      operatorHold: 30_000,
      queueing: 30_000,
    });
    expect(sum(split)).toBe(100_000);
  });

  it('counts the time after the partner first refused as refusals, except while parked', () => {
    const split = attributeDelay(timing({ firstRefusedAt: at(10) }), [period('breaker-open', 20, 80)]);
    expect(split).toMatchObject({ queueing: 10_000, refusals: 30_000, outage: 60_000 });
  });

  it('takes the rate limit’s wait out of the refusals first, then the queueing', () => {
    const refused = attributeDelay(timing({ firstRefusedAt: at(95), rateLimitMs: 8_000 }), []);
    expect(refused).toMatchObject({ refusals: 0, rateLimit: 8_000, queueing: 92_000 });
    expect(sum(refused)).toBe(100_000);
  });

  it('splits nothing for an event acknowledged as it was accepted', () => {
    expect(sum(attributeDelay(timing({ acknowledgedAt: at(0) }), []))).toBe(0);
  });
});
