import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { BreakerRegistry } from '@lgsp/resilience';

/**
 * The connectors' breakers, as information: a partner that is down does not make the worker unready (its
 * messages wait in Kafka and flow again when it is back; restarting or removing the pod would not help), so this
 * indicator is always up and lists the connectors whose breaker is not closed as `degraded`.
 */
@Injectable()
export class BreakersHealthIndicator {
  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly indicators: HealthIndicatorService,
  ) {}

  check(key = 'connectors'): HealthIndicatorResult {
    const degraded = this.breakers
      .names()
      .map((connector) => ({ connector, state: this.breakers.state(connector) }))
      .filter(({ state }) => state !== 'closed');
    return this.indicators.check(key).up({ degraded });
  }
}
