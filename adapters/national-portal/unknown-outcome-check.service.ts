import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DeliveryState, DossierDeliveryRepository, UnsettledStep } from '@lgsp/persistence';
import { ConnectorGuard } from '@lgsp/resilience';
import { NationalPortalClient } from './client/national-portal.client';
import { NATIONAL_PORTAL } from './national-portal.policy';
import { PortalCall, PortalCallEntry } from './portal-call';

const LOOK_UP = 'TraCuuHoSo';
const SYNC = 'DongBoHoSoMC';

/** Per message id and service: a call without an answer, with what the portal holds if it applied it. */
export type UnknownSteps = ReadonlyMap<string, ReadonlyMap<string, Record<string, unknown> | null>>;

/** What the portal holds for one dossier: its current record and the processing steps it keeps. */
interface PortalHolding {
  current: Record<string, unknown>;
  steps: Record<string, unknown>[];
}

/**
 * Before a call whose earlier try had no answer is sent again, asks the portal what it holds (TraCuuHoSo, one
 * look-up per dossier, under the connector's guard) and leaves out what it already applied. DongBoHoSoMC is
 * applied in order, so the portal's current record, matched against the records a call carries for the dossier
 * and against the last record the unanswered request carried, says whether it got there; CapNhatTienDoHoSoMC
 * steps are matched one by one against the steps it keeps. A request is taken as applied whole or not at all. Each dossier's
 * answer is noted at once (applied: done; not applied: no longer in doubt), so a look-up that fails later in the
 * run does not cost the ones already made.
 */
@Injectable()
export class UnknownOutcomeCheck {
  constructor(
    private readonly client: NationalPortalClient,
    private readonly deliveries: DossierDeliveryRepository,
  ) {}

  async leaveOutHeld(
    call: PortalCall,
    unknown: UnknownSteps,
    guard: ConnectorGuard,
    signal: AbortSignal,
    inFlight: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const inDoubt = call.carried().filter((entry) => unknown.get(entry.messageId)?.has(call.service));
    const young = inDoubt.find((entry) => inFlight.has(entry.messageId));
    if (young) throw mayStillLand(young.dossierCode, guard);
    const held = new Set<string>();
    for (const code of new Set(inDoubt.map((entry) => entry.dossierCode))) {
      signal.throwIfAborted();
      const holding = await this.lookUp(code, guard);
      const carried = call.carried().filter((entry) => entry.dossierCode === code);
      const byRecords = new Set(
        appliedEntries(call.service, carried, holding).map((entry) => entry.messageId),
      );
      const applied = (entry: PortalCallEntry): boolean => {
        // The unanswered request's last record of the dossier, which PortalCall keeps different from what the
        // portal held before that request: the portal showing it says the request was applied, and showing
        // anything else says it was not, even where the dossier came back to an earlier state (4, 6, 4).
        const sent = unknown.get(entry.messageId)?.get(call.service);
        if (call.service === SYNC && sent) return holding !== null && holds(holding.current, sent);
        return byRecords.has(entry.messageId);
      };
      const doubted = inDoubt.filter((entry) => entry.dossierCode === code);
      const heldIds = doubted.filter(applied).map((entry) => entry.messageId);
      const resent = doubted.filter((entry) => !applied(entry)).map((entry) => entry.messageId);
      this.deliveries.markStepsDone(heldIds, NATIONAL_PORTAL, call.service);
      this.deliveries.clearStepsUnknown(resent, NATIONAL_PORTAL, call.service);
      for (const id of heldIds) held.add(id);
    }
    call.leaveOut(held);
  }

  /**
   * Before a run builds on the bus's copy of its dossiers' portal records: takes in the DongBoHoSoMC calls made for
   * other messages of those dossiers that have not committed (the other topic's handler rolled back after its call,
   * or waits on a retry topic), which the copy does not show. A call done, or in doubt and found applied on the
   * portal, makes the record to build on the last applied one; a call in doubt the portal does not hold is left
   * to its own message to send, without asking again. Progress steps change no record: their message settles them.
   */
  async settleOthers(
    unsettled: readonly UnsettledStep[],
    held: Map<string, DeliveryState>,
    guard: ConnectorGuard,
    signal: AbortSignal,
  ): Promise<void> {
    // A note older than the dossier's last recorded delivery is already in its record (that run took it in).
    const syncs = unsettled.filter(
      (note) =>
        note.step === SYNC &&
        note.sentRecord !== null &&
        note.notedAt > (held.get(note.dossierCode)?.deliveredAt ?? new Date(0)),
    );
    for (const code of new Set(syncs.map((note) => note.dossierCode))) {
      const notes = syncs.filter((note) => note.dossierCode === code);
      const applied = notes.filter((note) => note.outcome === 'done');
      const doubted = notes.filter((note) => note.outcome === 'unknown');
      if (doubted.some((note) => note.mayBeInFlight)) throw mayStillLand(code, guard);
      if (doubted.length > 0) {
        signal.throwIfAborted();
        const holding = await this.lookUp(code, guard);
        for (const note of doubted) {
          const found = holding !== null && holds(holding.current, note.sentRecord!);
          await this.deliveries.settleOthersStep(note, NATIONAL_PORTAL, found);
          if (found) applied.push(note);
        }
      }
      const latest = applied.sort((a, b) => a.notedAt.getTime() - b.notedAt.getTime()).at(-1);
      if (latest) held.set(code, afterApplied(held.get(code), latest.sentRecord!));
    }
  }

  /** Null when the portal refuses the look-up: it does not hold the dossier. */
  private async lookUp(code: string, guard: ConnectorGuard): Promise<PortalHolding | null> {
    try {
      const reply = await guard.run((callSignal) => this.client.call(LOOK_UP, { mahoso: code }, callSignal));
      const found = reply.result?.[0];
      if (!isRecord(found)) return null;
      const { QuaTrinhXuLy: steps, ...current } = found;
      return { current, steps: Array.isArray(steps) ? steps.filter(isRecord) : [] };
    } catch (error) {
      if (error instanceof DomainError && error.code === DomainErrorCode.RejectedByPartner) return null;
      throw error;
    }
  }
}

/** The entries (of one dossier, in sending order) the portal's holding shows applied. */
export function appliedEntries(
  service: string,
  carried: readonly PortalCallEntry[],
  holding: PortalHolding | null,
): readonly PortalCallEntry[] {
  if (!holding) return [];
  if (service === SYNC) {
    // Still showing the record from before the run: nothing is taken as applied, even where a later record of the
    // run is the same (4, 6, 4). Sending again what was applied repeats a state; skipping what was not loses one.
    // (A run whose first record is the one before it changes nothing there, so the portal showing it says nothing.)
    const [first] = carried;
    const moved = first?.previous && !isDeepStrictEqual(first.previous, first.record);
    if (moved && holds(holding.current, first.previous!)) return [];
    const last = carried.findLastIndex((entry) => holds(holding.current, entry.record));
    return carried.slice(0, last + 1);
  }
  return carried.filter((entry) => holding.steps.some((step) => holds(step, entry.record)));
}

/**
 * How long after a call in doubt with no answer at all was noted the portal may still receive it: its worker may
 * have died with the request in a socket buffer or a proxy, and the note is written before the rate limit's wait
 * and the call itself. Asking the portal sooner could find it not applied, and it would land after the answer.
 */
export function inFlightWindowMs(guard: ConnectorGuard): number {
  return 2 * guard.policy.timeoutMs + (guard.policy.rateLimit?.maxWaitMs ?? 0);
}

/** Held in place (busy), not retried elsewhere: the dossier's later events must not overtake it. */
const mayStillLand = (code: string, guard: ConnectorGuard): DomainError =>
  new DomainError(
    DomainErrorCode.Busy,
    `A portal call for dossier ${code} is in doubt and may still reach the portal; it is looked up once ` +
      `${inFlightWindowMs(guard)} ms have passed since it was made`,
  );

/** The bus's copy of a dossier's delivery once a call it had not recorded turns out applied. */
function afterApplied(state: DeliveryState | undefined, record: Record<string, unknown>): DeliveryState {
  return {
    synchronised: true,
    lastStatus: typeof record.TrangThaiHoSo === 'number' ? record.TrangThaiHoSo : (state?.lastStatus ?? null),
    // The call's own message moves this on when it is recorded; until then its events are judged as before.
    lastOccurredAt: state?.lastOccurredAt ?? new Date(0),
    deliveredCount: state?.deliveredCount ?? 0,
    partnerRecord: record,
    deliveredAt: state?.deliveredAt ?? new Date(0),
  };
}

/** Every field we sent has the value the portal shows. */
function holds(theirs: Record<string, unknown>, ours: Record<string, unknown>): boolean {
  return Object.entries(ours).every(([field, value]) => isDeepStrictEqual(theirs[field], value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
