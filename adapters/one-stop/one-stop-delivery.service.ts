import { Injectable } from '@nestjs/common';
import {
  CONNECTOR_DELIVERY_FAILED,
  DOSSIER_FILED_ON_PORTAL,
  PAYMENT_COMPLETED,
  PAYMENT_FAILED,
  readMessage,
} from '@lgsp/contracts';
import { InboundMessage } from '@lgsp/messaging';
import {
  DeliveryTimingRepository,
  DossierDeliveryRepository,
  DossierTraceRepository,
  Transaction,
  traceEntry,
} from '@lgsp/persistence';
import { ConnectorGuard } from '@lgsp/resilience';
import { OneStopClient, OneStopDeliveryKind } from './client/one-stop.client';
import { ONE_STOP } from './one-stop.policy';

// Messages of other types on these topics (payment.requested, which the one-stop system itself asked for) are
// not delivered back to it.
const KIND_OF: Record<string, OneStopDeliveryKind> = {
  [DOSSIER_FILED_ON_PORTAL]: 'filedDossier',
  [CONNECTOR_DELIVERY_FAILED]: 'deliveryFailure',
  [PAYMENT_COMPLETED]: 'paymentResult',
  [PAYMENT_FAILED]: 'paymentResult',
};

/** Delivers to the one-stop system what it must act on, in our canonical contract's latest version. */
@Injectable()
export class OneStopDeliveryService {
  constructor(
    private readonly client: OneStopClient,
    private readonly deliveries: DossierDeliveryRepository,
    private readonly trace: DossierTraceRepository,
    private readonly timings: DeliveryTimingRepository,
  ) {}

  async deliver(message: InboundMessage, guard: ConnectorGuard, tx: Transaction): Promise<void> {
    const { envelope } = message;
    const kind = KIND_OF[envelope.type];
    if (!kind) return;
    const read = readMessage(envelope.type, envelope.contractVersion, envelope.payload);
    const { rateLimitMs } = await guard.timed(() =>
      guard.run(() =>
        this.client.deliver(kind, {
          messageId: envelope.id,
          key: envelope.key,
          type: read.type,
          contractVersion: read.contractVersion,
          correlationId: envelope.correlationId,
          payload: read.payload,
        }),
      ),
    );
    const occurredAt = new Date(envelope.occurredAt);
    await this.timings.recordAcknowledged(
      tx,
      ONE_STOP,
      [{ messageId: envelope.id, dossierCode: envelope.key, eventType: envelope.type, occurredAt }],
      rateLimitMs,
    );
    await this.deliveries.record(tx, {
      dossierCode: envelope.key,
      destination: ONE_STOP,
      messageId: envelope.id,
      eventType: envelope.type,
      occurredAt,
      synchronised: true,
    });
    await this.trace.append(traceEntry(envelope, 'delivered', ONE_STOP, { attempt: message.attempt }), tx);
  }
}
