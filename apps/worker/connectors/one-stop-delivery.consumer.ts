import { ONE_STOP, OneStopDeliveryService } from '@lgsp/adapters/one-stop';
import { Topics } from '@lgsp/contracts';
import { FailureNotice, InboundMessage, MessageConsumer, MessageHandler } from '@lgsp/messaging';
import { Transaction } from '@lgsp/persistence';
import { ConnectorGuards } from '@lgsp/resilience';
import { FailureTraceRecorder } from './failure-trace.recorder';

/**
 * What the province's one-stop system must act on, behind the one-stop breaker: dossiers filed on the national
 * portal, and dossiers another connector could not deliver.
 */
@MessageConsumer({ name: ONE_STOP, topics: [Topics.dossierFiledOnPortal, Topics.connectorDeliveryFailed] })
export class OneStopDeliveryConsumer implements MessageHandler {
  constructor(
    private readonly delivery: OneStopDeliveryService,
    private readonly guards: ConnectorGuards,
    private readonly failures: FailureTraceRecorder,
  ) {}

  handle(message: InboundMessage, tx: Transaction): Promise<void> {
    return this.delivery.deliver(message, this.guards.get(ONE_STOP), tx);
  }

  onFailure(notice: FailureNotice): Promise<void> {
    // Its own failures are traced, not announced to itself.
    return this.failures.record(
      ONE_STOP,
      notice.outcome === 'dead-lettered' ? { ...notice, outcome: 'retried' } : notice,
    );
  }
}
