import { BusConfig } from '@lgsp/config';
import { DomainError, DossierRegisteredV1, DossierStatusChangedV2, validated } from '@lgsp/contracts';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { BusClock } from './bus-clock';
import { EventTimePolicy } from './event-time.policy';

const NOW = Date.UTC(2026, 0, 15, 3, 0, 0);

class FixedClock extends BusClock {
  override now(): Date {
    return new Date(NOW);
  }
}

const policy = new EventTimePolicy(new FixedClock(), {
  intake: { maxClockSkewMs: 300_000 },
} as BusConfig);

const registration = (base: number) => ({
  kind: 'dossier' as const,
  body: validated(DossierRegisteredV1, dossierRegistration('H56.22-SPEC-000001', 1, base), 'body'),
});
const change = (base: number) => ({
  kind: 'status-change' as const,
  body: validated(DossierStatusChangedV2, statusChange('H56.22-SPEC-000001', 2, 1, base), 'body'),
});

function refusal(work: () => void): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('EventTimePolicy', () => {
  it('accepts times in the past and up to the allowed skew ahead', () => {
    expect(() => policy.check(registration(NOW - 86_400_000))).not.toThrow();
    expect(() => policy.check(registration(NOW + 300_000))).not.toThrow();
    // The status change's step starts one minute after its base: 4 minutes ahead in all.
    expect(() => policy.check(change(NOW + 180_000))).not.toThrow();
  });

  it('refuses every event time beyond the skew, naming the field and the bus time', () => {
    const error = refusal(() => policy.check(registration(NOW + 300_001)));
    expect(error.fields.map((problem) => problem.field)).toEqual(['occurredAt', 'receivedAt']);
    expect(error.message).toContain('bus time 2026-01-15T03:00:00.000Z');
    expect(error.fields[0].message).toContain('300 s');
  });

  it('checks the step start of a status change and prefixes batch item paths', () => {
    const error = refusal(() => policy.check(change(NOW + 3_600_000), 'items[4].statusChange'));
    expect(error.fields.map((problem) => problem.field)).toEqual([
      'items[4].statusChange.occurredAt',
      'items[4].statusChange.step.startedAt',
    ]);
  });

  it('never judges promised times, which lie ahead by nature', () => {
    const body = {
      ...dossierRegistration('H56.22-SPEC-000002', 2, NOW),
      appointmentAt: '2027-01-01T00:00:00Z',
    };
    expect(() =>
      policy.check({ kind: 'dossier', body: validated(DossierRegisteredV1, body, 'body') }),
    ).not.toThrow();
  });
});
