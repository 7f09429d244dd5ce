import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import type { BreakerState } from './breaker-policy';

/**
 * The Prometheus registry the resilience series are written to. ResilienceModule provides it; an app points it
 * at its own registry (the one its /metrics endpoint serves) rather than prom-client's global one, so two
 * apps in one process do not register the same series twice.
 */
export const METRICS_REGISTRY = Symbol('lgsp.resilience.metrics-registry');

/**
 * - success: the partner answered and the action resolved.
 * - rejected: the partner answered no (the breaker's classifier did not count it as a failure).
 * - failure: an error that counts against the partner, timeouts excluded.
 * - timeout: no answer within the policy's timeout.
 * - short_circuited: the breaker was open; the partner was not called.
 * - rate_limited, bulkhead_full: refused before reaching the breaker.
 */
export type CallOutcome =
  'success' | 'rejected' | 'failure' | 'timeout' | 'short_circuited' | 'rate_limited' | 'bulkhead_full';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

@Injectable()
export class ResilienceMetrics {
  private readonly breakerState: Gauge<'connector'>;
  private readonly calls: Counter<'connector' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    // Reused when already registered: a registry shared by two modules in one process must not throw.
    this.breakerState =
      existing(registry, 'lgsp_connector_breaker_state', Gauge) ??
      new Gauge({
        name: 'lgsp_connector_breaker_state',
        help: 'Circuit breaker state per connector: 0 closed, 1 half-open, 2 open',
        labelNames: ['connector'],
        registers: [registry],
      });
    this.calls =
      existing(registry, 'lgsp_connector_calls_total', Counter) ??
      new Counter({
        name: 'lgsp_connector_calls_total',
        help: 'Calls to external systems per connector and outcome',
        labelNames: ['connector', 'outcome'],
        registers: [registry],
      });
  }

  recordState(connector: string, state: BreakerState): void {
    this.breakerState.set({ connector }, STATE_VALUE[state]);
  }

  recordCall(connector: string, outcome: CallOutcome): void {
    this.calls.inc({ connector, outcome });
  }
}

function existing<M>(
  registry: Registry,
  name: string,
  type: abstract new (...args: never[]) => M,
): M | undefined {
  const metric: unknown = registry.getSingleMetric(name);
  return metric instanceof type ? metric : undefined;
}
