import { NATIONAL_PORTAL, NationalPortalSyncService } from '@lgsp/adapters/national-portal';
import { Topics } from '@lgsp/contracts';
import { FailureNotice, InboundMessage, MessageConsumer, MessageHandler } from '@lgsp/messaging';
import { Transaction } from '@lgsp/persistence';
import { ConnectorGuards } from '@lgsp/resilience';
import { FailureTraceRecorder } from './failure-trace.recorder';

/** Dossier events → the national portal. Its consumer group is the connector's name, paused with its breaker. */
@MessageConsumer({ name: NATIONAL_PORTAL, topics: [Topics.dossierEvents] })
export class NationalPortalSyncConsumer implements MessageHandler {
  constructor(
    private readonly sync: NationalPortalSyncService,
    private readonly guards: ConnectorGuards,
    private readonly failures: FailureTraceRecorder,
  ) {}

  handle(message: InboundMessage, tx: Transaction): Promise<void> {
    return this.sync.apply([message], this.guards.get(NATIONAL_PORTAL), tx);
  }

  handleBatch(messages: InboundMessage[], tx: Transaction): Promise<void> {
    return this.sync.apply(messages, this.guards.get(NATIONAL_PORTAL), tx);
  }

  async onFailure(notice: FailureNotice): Promise<void> {
    await this.failures.record(NATIONAL_PORTAL, notice);
    await this.failures.announceRefusal(NATIONAL_PORTAL, notice);
  }
}
