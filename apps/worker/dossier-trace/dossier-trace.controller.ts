import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@lgsp/contracts';
import { DeliveryContext, InboundMessage, consumerGroup } from '@lgsp/messaging';
import { DossierTraceRepository, traceEntry } from '@lgsp/persistence';

export const DOSSIER_TRACE = 'dossier-trace';

/** Records that each dossier event reached the bus, so a dossier's trace shows it between gateway and partners. */
@Controller()
export class DossierTraceController {
  constructor(private readonly trace: DossierTraceRepository) {}

  @EventPattern(Topics.dossierEvents, consumerGroup(DOSSIER_TRACE, { databaseOnly: true }))
  async recordPublished(
    @Payload() { envelope, topic, partition, offset }: InboundMessage,
    @Ctx() delivery: DeliveryContext,
  ): Promise<void> {
    const entry = traceEntry(envelope, 'published', 'bus', { topic, partition, offset });
    await this.trace.append(entry, delivery.getTransaction());
  }
}
