import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetailsFilter } from '@lgsp/http';
import { ConsumerRuntime } from '@lgsp/messaging';
import { RequiresScope, Scope } from '@lgsp/security';
import { BreakerRegistry, BreakerSnapshot } from '@lgsp/resilience';

export interface ConnectorStatus extends BreakerSnapshot {
  /** True while the connector's consumer is parked (its partner is down). */
  paused: boolean;
  /** How often it was parked since the worker started. */
  pauses: number;
}

/** What an operator asks first when a partner misbehaves: is its breaker open, is its traffic parked? */
@ApiTags('operations')
// On this controller, not globally: a global filter would also take the worker's Kafka handlers' failures.
@UseFilters(ProblemDetailsFilter)
@Controller()
export class ConnectorStatusController {
  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly runtime: ConsumerRuntime,
  ) {}

  @Get('v1/ops/connectors')
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({ summary: 'Each connector’s circuit breaker, and whether its consumer is parked' })
  @ApiOkResponse({ description: '{ connectors: [...] }' })
  connectors(): { connectors: ConnectorStatus[] } {
    return {
      connectors: this.breakers.snapshots().map((snapshot) => ({
        ...snapshot,
        paused: this.runtime.isPaused(snapshot.name),
        pauses: this.runtime.pauseCount(snapshot.name),
      })),
    };
  }
}
