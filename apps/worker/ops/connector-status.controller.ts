import { Controller, Get } from '@nestjs/common';
import { ConsumerRuntime } from '@lgsp/messaging';
import { BreakerRegistry, BreakerSnapshot } from '@lgsp/resilience';

export interface ConnectorStatus extends BreakerSnapshot {
  /** True while the connector's consumer is parked (its partner is down). */
  paused: boolean;
  /** How often it was parked since the worker started. */
  pauses: number;
}

/** What an operator asks first when a partner misbehaves: is its breaker open, is its traffic parked? */
@Controller()
export class ConnectorStatusController {
  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly runtime: ConsumerRuntime,
  ) {}

  @Get('v1/ops/connectors')
  connectors(): { connectors: ConnectorStatus[] } {
    return {
      connectors: this.breakers.snapshots().map((snapshot) => ({
        ...snapshot,
        paused: this.runtime.isPaused(snapshot.name),
        pauses: this.runtime.pauseCount(snapshot.name),
      })),
    };
  }

  /** The process answers: for the orchestrator's liveness probe. */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
