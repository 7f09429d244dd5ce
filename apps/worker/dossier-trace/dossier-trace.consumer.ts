import { Topics } from '@lgsp/contracts';
import { InboundMessage, MessageConsumer, MessageHandler } from '@lgsp/messaging';
import { DossierTraceRepository, Transaction, traceEntry } from '@lgsp/persistence';

/** Records that each dossier event reached the bus, so a dossier's trace shows it between gateway and partners. */
@MessageConsumer({ name: 'dossier-trace', topics: [Topics.dossierEvents] })
export class DossierTraceConsumer implements MessageHandler {
  constructor(private readonly trace: DossierTraceRepository) {}

  async handle({ envelope, topic, partition, offset }: InboundMessage, tx: Transaction): Promise<void> {
    await this.trace.append(traceEntry(envelope, 'published', 'bus', { topic, partition, offset }), tx);
  }
}
