import { ONE_STOP, OneStopDeliveryService } from '@lgsp/adapters/one-stop';
import { Topics } from '@lgsp/contracts';
import { FailureNotice, InboundMessage, MessageConsumer, MessageHandler } from '@lgsp/messaging';
import { Transaction } from '@lgsp/persistence';
import { ConnectorGuards } from '@lgsp/resilience';
import { FailureTraceRecorder } from './failure-trace.recorder';

/** Dossiers filed on the national portal → the province's one-stop system, behind the one-stop breaker. */
@MessageConsumer({ name: ONE_STOP, topics: [Topics.dossierFiledOnPortal] })
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
    return this.failures.record(ONE_STOP, notice);
  }
}
