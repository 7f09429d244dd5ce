import { Injectable } from '@nestjs/common';
import type { InboundMessage } from '@lgsp/messaging';
import type { ConnectorGuard } from '@lgsp/resilience';
import {
  AnsweredStep,
  DeliveryState,
  DossierDeliveryRepository,
  StepNotes,
  Transaction,
} from '@lgsp/persistence';
import { NationalPortalClient } from './client/national-portal.client';
import { isOutcomeUnknown, wasAnswered } from './client/portal-reply';
import { NATIONAL_PORTAL } from './national-portal.policy';

import type { PortalCall } from './portal-call';
import { UnknownOutcomeCheck, inFlightWindowMs } from './unknown-outcome-check.service';

/** The calls a dossier event or a payment may make (DongBoHoSoMC, CapNhatTienDoHoSoMC). */
const PORTAL_SERVICES = ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'];

/**
 * Sends a run's portal calls, for dossier events and payments alike. Before each call leaves, its messages are
 * noted in doubt (committed at once), so a worker killed mid-call leaves a trace; the same statement notes done
 * the calls answered since, so only the call in flight is ever left in doubt. Each call that succeeded is also
 * noted on the handler's own connection after a rollback, so that whatever happens next (a later call fails, the
 * handler times out) a repeated try leaves it out. A call that got no answer is noted as unknown, and the next
 * try asks the portal before sending it again (UnknownOutcomeCheck). After the handler's signal aborted, no call
 * starts; a call in flight goes on until it is answered or the guard's timeout cancels it, so a call the portal
 * applied is noted, not resent.
 */
@Injectable()
export class PortalCallSender {
  constructor(
    private readonly client: NationalPortalClient,
    private readonly deliveries: DossierDeliveryRepository,
    private readonly unknownOutcomes: UnknownOutcomeCheck,
  ) {}

  /**
   * What the run must know of the calls already made for its messages and its dossiers (stepNotes). A message
   * tried again from a retry topic, or replayed from the dead letters, may have had calls applied whose notes are
   * gone (a crash before they were written, retention): its calls count as in doubt, so the portal is asked first
   * and what it already holds is not sent again.
   */
  async notesFor(
    tx: Transaction,
    messages: readonly InboundMessage[],
    dossierCodes: string[],
    guard: ConnectorGuard,
  ): Promise<StepNotes> {
    const ids = messages.map((message) => message.envelope.id);
    const window = inFlightWindowMs(guard);
    const notes = await this.deliveries.stepNotes(tx, ids, NATIONAL_PORTAL, dossierCodes, window);
    for (const message of messages.filter((each) => each.attempt > 0 || each.replayed === true)) {
      const { id } = message.envelope;
      const unknown = notes.unknown.get(id) ?? new Map<string, Record<string, unknown> | null>();
      for (const service of PORTAL_SERVICES) {
        if (!notes.done.get(id)?.has(service) && !unknown.has(service)) unknown.set(service, null);
      }
      notes.unknown.set(id, unknown);
    }
    return notes;
  }

  /** See UnknownOutcomeCheck.settleOthers: before a run builds on the records `held` for its dossiers. */
  settleOthers(
    notes: StepNotes,
    held: Map<string, DeliveryState>,
    guard: ConnectorGuard,
    signal: AbortSignal,
  ): Promise<void> {
    return this.unknownOutcomes.settleOthers(notes.othersUnsettled, held, guard, signal);
  }

  async send(
    guard: ConnectorGuard,
    calls: PortalCall[],
    notes: StepNotes,
    signal: AbortSignal,
  ): Promise<void> {
    // Answered since the last durable note: noted done with the next one (see noteStepsInDoubt).
    let answered: AnsweredStep[] = [];
    for (const call of calls) {
      await this.unknownOutcomes.leaveOutHeld(call, notes.unknown, guard, signal, notes.ownInFlight);
      for (const request of call.requests()) {
        signal.throwIfAborted();
        const { messageIds, notes } = request;
        // Durable before the call leaves: a worker killed while it is in flight leaves it in doubt, not unsent.
        await this.deliveries.noteStepsInDoubt(messageIds, NATIONAL_PORTAL, call.service, notes, answered);
        answered = [];
        try {
          await guard.run((callSignal) => this.client.call(call.service, request.body, callSignal));
        } catch (error) {
          // A refusal is certain: nothing to ask the portal about next time.
          if (isOutcomeUnknown(error)) {
            const answered = wasAnswered(error);
            this.deliveries.markStepsUnknown(messageIds, NATIONAL_PORTAL, call.service, notes, answered);
          } else {
            this.deliveries.clearStepsUnknown(messageIds, NATIONAL_PORTAL, call.service);
          }
          throw error;
        }
        this.deliveries.markStepsDone(messageIds, NATIONAL_PORTAL, call.service);
        answered.push(...messageIds.map((messageId) => ({ messageId, step: call.service })));
      }
    }
  }
}
