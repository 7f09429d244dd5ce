import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@lgsp/contracts';
import {
  DeliveryContext,
  FailureNotice,
  FailureTraceRecorder,
  InboundMessage,
  consumerGroup,
  failedDeliveriesOf,
} from '@lgsp/messaging';
import { ConnectorGuards } from '@lgsp/resilience';
import { OneStopDeliveryService } from './one-stop-delivery.service';
import { ONE_STOP } from './one-stop.policy';

/**
 * What the province's one-stop system must act on, behind the one-stop breaker: dossiers filed on the national
 * portal, payment results (completed or failed; the one-stop system, which owns the dossier's status, moves it),
 * and dossiers another connector could not deliver.
 */
@Controller()
export class OneStopDeliveryController {
  constructor(
    private readonly delivery: OneStopDeliveryService,
    private readonly guards: ConnectorGuards,
    private readonly failures: FailureTraceRecorder,
  ) {}

  @EventPattern(
    [Topics.dossierFiledOnPortal, Topics.paymentEvents, Topics.connectorDeliveryFailed],
    consumerGroup(ONE_STOP),
  )
  deliver(@Payload() message: InboundMessage, @Ctx() delivery: DeliveryContext): Promise<void> {
    return this.delivery.deliver(message, this.guards.get(ONE_STOP), delivery.getTransaction());
  }

  @EventPattern(failedDeliveriesOf(ONE_STOP))
  recordFailure(@Payload() notice: FailureNotice): Promise<void> {
    // Its own failures are traced, not announced to itself.
    return this.failures.record(
      ONE_STOP,
      notice.outcome === 'dead-lettered' ? { ...notice, outcome: 'retried' } : notice,
    );
  }
}
