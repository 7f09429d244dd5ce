import type { BreakerRegistry, BreakerState } from '@lgsp/resilience';
import type { ConditionReading } from './condition-reading';

/**
 * A breaker away from closed for longer than `openAfterMs`. One incident is one open period: a breaker that goes
 * half-open to probe the partner and opens again is still in it, and only closing ends it. Short outages, which
 * the breaker heals on its own, alert nobody; nor does a partner an operator parked on purpose (a forced open, a
 * maintenance window): its time away from closed counts from the end of the hold.
 */
export class BreakerOpenEvaluator {
  /** When each breaker left closed (by its transition, or when first seen away from closed). */
  private readonly leftClosedAt = new Map<string, number>();

  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly openAfterMs: number,
  ) {}

  /** Records transitions as they happen, so an open period is timed from its start, not from an evaluation. */
  onStateChange(name: string, state: BreakerState, now: number): void {
    if (state === 'closed') this.leftClosedAt.delete(name);
    else if (!this.leftClosedAt.has(name)) this.leftClosedAt.set(name, now);
  }

  evaluate(now: number): ConditionReading[] {
    return this.breakers.names().map((connector) => {
      const state = this.breakers.state(connector);
      if (this.breakers.heldOnPurpose(connector)) this.leftClosedAt.delete(connector);
      else this.onStateChange(connector, state, now);
      const since = this.leftClosedAt.get(connector);
      const openMs = since === undefined ? 0 : now - since;
      const holds = since !== undefined && openMs >= this.openAfterMs;
      return {
        key: `breaker-open:${connector}`,
        holds,
        describe: () =>
          holds
            ? {
                alert: 'breaker-open',
                connector,
                summary: `The ${connector} breaker has been ${state} for ${Math.round(openMs / 1000)} s: its partner is failing; its messages wait in Kafka`,
                details: { state, openSince: new Date(since ?? now).toISOString(), openForMs: openMs },
              }
            : {
                alert: 'breaker-open',
                connector,
                summary: `The ${connector} breaker is ${state} again`,
                details: { state },
              },
      };
    });
  }
}
