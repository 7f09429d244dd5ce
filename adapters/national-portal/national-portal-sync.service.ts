import { Injectable } from '@nestjs/common';
import {
  DOSSIER_REGISTERED,
  DOSSIER_STATUS_CHANGED,
  DOSSIER_UPDATED,
  DomainError,
  DomainErrorCode,
  DossierRegisteredV1,
  DossierStatusChangedV2,
  DossierUpdatedV1,
  readMessage,
} from '@lgsp/contracts';
import { Envelope, InboundMessage } from '@lgsp/messaging';
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
import { PortalDossier, toPortalDossier, toProgressStep, withStatus } from './mapping/portal-dossier.mapping';
import { keepFeePayments } from './mapping/portal-fee-payment.mapping';
import { acknowledgement } from './mapping/portal-acknowledgement.mapping';
import { NATIONAL_PORTAL } from './national-portal.policy';
import { PortalCall } from './portal-call';
import { PortalCallSender } from './portal-call.sender';

const SYNC = 'DongBoHoSoMC';
const PROGRESS = 'CapNhatTienDoHoSoMC';
const DOSSIER_EVENTS = new Set([DOSSIER_REGISTERED, DOSSIER_UPDATED, DOSSIER_STATUS_CHANGED]);

interface DossierState {
  synchronised: boolean;
  record: PortalDossier | null;
  lastOccurredAt: Date;
  last?: Delivery;
  count: number;
}

/**
 * Applies dossier events to the national portal, one event or a run of them. The portal's API takes lists: one
 * DongBoHoSoMC for the dossiers first seen, one for the dossiers it already holds (each moved through its events
 * in order), one CapNhatTienDoHoSoMC for every step, in order; a run of a hundred events costs three calls and a
 * handful of statements. Per dossier the portal sees the dossier, then its states in order, then its steps in
 * order. An event older than the last one delivered, or one the gateway marked stale, does not change the dossier,
 * but its step is still sent, since the portal keeps every step. A status change never goes before its dossier did (it throws
 * and waits). Every call that succeeded is marked as it succeeds, and a repeated try leaves it out, so the
 * portal sees each call once.
 */
@Injectable()
export class NationalPortalSyncService {
  constructor(
    private readonly deliveries: DossierDeliveryRepository,
    private readonly trace: DossierTraceRepository,
    private readonly sender: PortalCallSender,
    private readonly timings: DeliveryTimingRepository,
  ) {}

  async apply(messages: InboundMessage[], guard: ConnectorGuard, tx: Transaction): Promise<void> {
    const relevant = messages.filter((message) => DOSSIER_EVENTS.has(message.envelope.type));
    if (relevant.length === 0) return;
    // A run with a replayed dead letter makes its calls within the replay's share of the portal's rate.
    const replayed = relevant.some((message) => message.replayed === true);
    await guard.replaying(replayed, () => this.applyRun(relevant, guard, tx));
  }

  private async applyRun(relevant: InboundMessage[], guard: ConnectorGuard, tx: Transaction): Promise<void> {
    const codes = [...new Set(relevant.map((message) => message.envelope.key))];
    const held = await this.deliveries.lockMany(tx, codes, NATIONAL_PORTAL);
    // Every try checks: a run is tried again in place, one by one, from a retry topic or by another consumer
    // after a crash, and each of those may find some of its calls already made.
    const notes = await this.sender.notesFor(tx, relevant, codes, guard);
    const { done } = notes;
    // A call another message left in doubt may have moved a dossier's record on the portal past our copy.
    await this.sender.settleOthers(notes, held, guard, relevant[0].signal);
    const push = (
      call: PortalCall,
      record: Record<string, unknown>,
      envelope: Envelope,
      previous: PortalDossier | null = null,
    ): void => {
      if (!done.get(envelope.id)?.has(call.service)) call.add(record, envelope.id, envelope.key, previous);
    };
    const states = new Map(codes.map((code) => [code, initialState(held.get(code))]));
    const created = new PortalCall(SYNC, { isUpdating: false });
    const updated = new PortalCall(SYNC, { isUpdating: true });
    const progress = new PortalCall(PROGRESS);
    const traces: TraceEntry[] = [];
    for (const message of relevant) {
      const { envelope } = message;
      const state = states.get(envelope.key)!;
      const occurredAt = new Date(envelope.occurredAt);
      const read = readMessage(envelope.type, envelope.contractVersion, envelope.payload);
      // The gateway marks an event it judged stale against the ledger: our own record may lag behind it (the
      // later event still waits for a retry), and the mark keeps such an event from passing for the newest.
      if (envelope.supersededAt !== undefined || occurredAt < state.lastOccurredAt) {
        // A stale event leaves the dossier's status alone, but its step still belongs on the portal, which
        // keeps every step: sent like any other (unless our record says it already was), and if it cannot be,
        // the event fails and ends as a dead letter with the reason. Never dropped in silence.
        const hasStep = read.type === DOSSIER_STATUS_CHANGED;
        if (hasStep && !state.synchronised) throw notOnPortalYet(envelope.key);
        if (hasStep) push(progress, toProgressStep(read.payload as DossierStatusChangedV2), envelope);
        traces.push(
          traceEntry(message.envelope, 'stale', NATIONAL_PORTAL, {
            lastDeliveredAt: state.lastOccurredAt.toISOString(),
            ...(envelope.supersededAt === undefined ? {} : { supersededAt: envelope.supersededAt }),
            step: hasStep ? 'delivered' : 'none',
            attempt: message.attempt,
          }),
        );
        continue;
      }
      if (read.type === DOSSIER_STATUS_CHANGED) {
        if (!state.synchronised || !state.record) throw notOnPortalYet(envelope.key);
        const change = read.payload as DossierStatusChangedV2;
        const previous = state.record;
        state.record = withStatus(previous, change);
        push(updated, state.record, envelope, previous);
        push(progress, toProgressStep(change), envelope);
      } else {
        // An update's fees carry no payment state: the fees already marked paid stay so.
        const previous = state.record;
        state.record = keepFeePayments(
          previous,
          toPortalDossier(read.payload as DossierRegisteredV1 | DossierUpdatedV1),
        );
        push(state.synchronised ? updated : created, state.record, envelope, previous);
        state.synchronised = true;
      }
      state.lastOccurredAt = occurredAt;
      state.count += 1;
      state.last = delivery(envelope.key, envelope.id, envelope.type, occurredAt, state.record);
      traces.push(
        traceEntry(message.envelope, 'delivered', NATIONAL_PORTAL, {
          status: state.record.TrangThaiHoSo,
          attempt: message.attempt,
          batch: relevant.length,
        }),
      );
    }
    const { rateLimitMs } = await guard.timed(() =>
      this.sender.send(guard, [created, updated, progress], notes, relevant[0].signal),
    );
    await this.deliveries.settleSteps(tx, ids(relevant), NATIONAL_PORTAL);
    // Each event with the dossier's due date as the portal now holds it (an update may have moved it).
    const acknowledged = relevant.map(({ envelope }) =>
      acknowledgement(envelope, states.get(envelope.key)!.record),
    );
    await this.timings.recordAcknowledged(tx, NATIONAL_PORTAL, acknowledged, rateLimitMs);
    await this.deliveries.recordMany(
      tx,
      [...states.values()]
        .filter((state) => state.last)
        .map((state) => ({ ...state.last!, count: state.count })),
    );
    await this.trace.appendMany(traces, tx);
  }
}

function initialState(held: DeliveryState | undefined): DossierState {
  return {
    synchronised: held?.synchronised ?? false,
    record: held?.partnerRecord ?? null,
    lastOccurredAt: held?.lastOccurredAt ?? new Date(0),
    count: 0,
  };
}

/** A status change, stale or not, never goes before its dossier did: it fails and waits for its turn. */
const notOnPortalYet = (code: string): DomainError =>
  new DomainError(DomainErrorCode.Internal, `Dossier ${code} has not reached the portal yet`);

const ids = (messages: InboundMessage[]): string[] => messages.map((message) => message.envelope.id);

function delivery(
  code: string,
  messageId: string,
  eventType: string,
  occurredAt: Date,
  record: PortalDossier,
): Delivery {
  return {
    dossierCode: code,
    destination: NATIONAL_PORTAL,
    messageId,
    eventType,
    status: typeof record.TrangThaiHoSo === 'number' ? record.TrangThaiHoSo : undefined,
    occurredAt,
    synchronised: true,
    partnerRecord: record,
  };
}
