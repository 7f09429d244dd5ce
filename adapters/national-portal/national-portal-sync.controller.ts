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
import { NationalPortalSyncService } from './national-portal-sync.service';
import { NATIONAL_PORTAL } from './national-portal.policy';

/**
 * Dossier events → the national portal, in runs (the portal's API takes lists). Its consumer group is the
 * connector's name, paused with its breaker.
 */
@Controller()
export class NationalPortalSyncController {
  constructor(
    private readonly sync: NationalPortalSyncService,
    private readonly guards: ConnectorGuards,
    private readonly failures: FailureTraceRecorder,
  ) {}

  @EventPattern(Topics.dossierEvents, consumerGroup(NATIONAL_PORTAL, { batch: true }))
  synchronise(@Payload() messages: InboundMessage[], @Ctx() delivery: DeliveryContext): Promise<void> {
    return this.sync.apply(messages, this.guards.get(NATIONAL_PORTAL), delivery.getTransaction());
  }

  @EventPattern(failedDeliveriesOf(NATIONAL_PORTAL))
  async recordFailure(@Payload() notice: FailureNotice): Promise<void> {
    await this.failures.record(NATIONAL_PORTAL, notice);
    await this.failures.announceRefusal(NATIONAL_PORTAL, notice);
  }
}
