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
import { NationalPortalPaymentService } from './national-portal-payment.service';
import { NationalPortalSyncService } from './national-portal-sync.service';
import { NATIONAL_PORTAL } from './national-portal.policy';

/**
 * Dossier events and completed payments → the national portal, in runs (the portal's API takes lists). Its
 * consumer group is the connector's name, paused with its breaker; both topics share it, so a payment waits
 * with the dossier events while the portal is down.
 */
@Controller()
export class NationalPortalSyncController {
  constructor(
    private readonly sync: NationalPortalSyncService,
    private readonly payments: NationalPortalPaymentService,
    private readonly guards: ConnectorGuards,
    private readonly failures: FailureTraceRecorder,
  ) {}

  @EventPattern(Topics.dossierEvents, consumerGroup(NATIONAL_PORTAL, { batch: true }))
  synchronise(@Payload() messages: InboundMessage[], @Ctx() delivery: DeliveryContext): Promise<void> {
    return this.sync.apply(messages, this.guards.get(NATIONAL_PORTAL), delivery.getTransaction());
  }

  @EventPattern(Topics.paymentEvents, consumerGroup(NATIONAL_PORTAL, { batch: true }))
  markPaid(@Payload() messages: InboundMessage[], @Ctx() delivery: DeliveryContext): Promise<void> {
    return this.payments.apply(messages, this.guards.get(NATIONAL_PORTAL), delivery.getTransaction());
  }

  @EventPattern(failedDeliveriesOf(NATIONAL_PORTAL))
  async recordFailure(@Payload() notice: FailureNotice): Promise<void> {
    await this.failures.record(NATIONAL_PORTAL, notice);
    await this.failures.announceRefusal(NATIONAL_PORTAL, notice);
  }
}
