import { Injectable } from '@nestjs/common';
import {
  DomainError,
  DomainErrorCode,
  PAYMENT_COMPLETED,
  PaymentCompletedV2,
  readMessage,
} from '@lgsp/contracts';
import { InboundMessage } from '@lgsp/messaging';
import {
  Delivery,
  DeliveryState,
  DeliveryTimingRepository,
  DossierDeliveryRepository,
  DossierTraceRepository,
  TraceEntry,
  traceEntry,
  Transaction,
} from '@lgsp/persistence';
import { ConnectorGuard } from '@lgsp/resilience';
import { PortalCallSender } from './portal-call.sender';
import { PortalDossier } from './mapping/portal-dossier.mapping';
import { paidFeeCodes, withFeesPaid } from './mapping/portal-fee-payment.mapping';
import { NATIONAL_PORTAL } from './national-portal.policy';
import { acknowledgement } from './mapping/portal-acknowledgement.mapping';
import { PortalCall } from './portal-call';

const SYNC = 'DongBoHoSoMC';

/**
 * Completed payments → the national portal: the dossier's record, as last sent, with the paid fees marked paid
 * (DongBoHoSoMC, isUpdating). The status is left alone: the one-stop system owns it and its change reaches the
 * portal as a dossier event. A run of payments is one call; per dossier they apply in order on the record the
 * sync service keeps (dossier_delivery.partner_record), under the same row lock, so a status change and a
 * payment of one dossier never build on a stale copy of each other. payment.requested and payment.failed change
 * nothing on the portal.
 */
@Injectable()
export class NationalPortalPaymentService {
  constructor(
    private readonly sender: PortalCallSender,
    private readonly deliveries: DossierDeliveryRepository,
    private readonly trace: DossierTraceRepository,
    private readonly timings: DeliveryTimingRepository,
  ) {}

  async apply(messages: InboundMessage[], guard: ConnectorGuard, tx: Transaction): Promise<void> {
    const relevant = messages.filter((message) => message.envelope.type === PAYMENT_COMPLETED);
    if (relevant.length === 0) return;
    // A run with a replayed dead letter makes its calls within the replay's share of the portal's rate.
    const replayed = relevant.some((message) => message.replayed === true);
    await guard.replaying(replayed, () => this.applyRun(relevant, guard, tx));
  }

  private async applyRun(relevant: InboundMessage[], guard: ConnectorGuard, tx: Transaction): Promise<void> {
    const codes = [...new Set(relevant.map((message) => message.envelope.key))];
    const held = await this.deliveries.lockMany(tx, codes, NATIONAL_PORTAL);
    // A repeated try of a run whose call went through leaves that call out (see the sync service).
    const messageIds = relevant.map((message) => message.envelope.id);
    const notes = await this.sender.notesFor(tx, relevant, codes, guard);
    const { done } = notes;
    // A dossier event's call left in doubt may have moved the record on the portal past our copy (see the sender).
    await this.sender.settleOthers(notes, held, guard, relevant[0].signal);
    const records = new Map<string, PortalDossier>();
    const last = new Map<string, Delivery & { count: number }>();
    const call = new PortalCall(SYNC, { isUpdating: true });
    const traces: TraceEntry[] = [];
    for (const message of relevant) {
      const { envelope } = message;
      const state = held.get(envelope.key);
      const previous = records.get(envelope.key) ?? recordOf(state);
      if (!state || !previous) throw notOnPortalYet(envelope.key);
      const payment = readMessage<PaymentCompletedV2>(
        envelope.type,
        envelope.contractVersion,
        envelope.payload,
      );
      const record = withFeesPaid(previous, payment.payload);
      records.set(envelope.key, record);
      if (!done.get(envelope.id)?.has(SYNC)) call.add(record, envelope.id, envelope.key, previous);
      last.set(envelope.key, {
        dossierCode: envelope.key,
        destination: NATIONAL_PORTAL,
        messageId: envelope.id,
        eventType: envelope.type,
        // The dossier's own last event time, unchanged: a payment is no dossier event, and a later time here
        // would make a status change still on its way look stale.
        occurredAt: state.lastOccurredAt,
        synchronised: true,
        partnerRecord: record,
        count: (last.get(envelope.key)?.count ?? 0) + 1,
      });
      traces.push(
        traceEntry(envelope, 'delivered', NATIONAL_PORTAL, {
          paidFees: paidFeeCodes(record),
          status: record.TrangThaiHoSo,
          attempt: message.attempt,
        }),
      );
    }
    // A call cut off before its answer is looked up on the portal before it is sent again, as for dossier events.
    const { rateLimitMs } = await guard.timed(() =>
      this.sender.send(guard, [call], notes, relevant[0].signal),
    );
    await this.deliveries.settleSteps(tx, messageIds, NATIONAL_PORTAL);
    await this.timings.recordAcknowledged(
      tx,
      NATIONAL_PORTAL,
      relevant.map(({ envelope }) => acknowledgement(envelope, records.get(envelope.key) ?? null)),
      rateLimitMs,
    );
    await this.deliveries.recordMany(tx, [...last.values()]);
    await this.trace.appendMany(traces, tx);
  }
}

function recordOf(state: DeliveryState | undefined): PortalDossier | null {
  return state?.synchronised ? state.partnerRecord : null;
}

/**
 * A payment for a dossier the portal has not received: the registration normally comes first and may still be
 * on its way (another topic), so it is retried, then dead-lettered with this reason and announced to the
 * one-stop system.
 */
const notOnPortalYet = (code: string): DomainError =>
  new DomainError(
    DomainErrorCode.Internal,
    `Dossier ${code} has not reached the portal yet, so its payment cannot be marked there`,
  );
