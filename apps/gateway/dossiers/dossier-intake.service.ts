import { Injectable } from '@nestjs/common';
import {
  DomainError,
  DomainErrorCode,
  DossierRegisteredV1,
  DossierStatus,
  DossierStatusChangedV2,
  Topics,
  canTransition,
  isTerminalStatus,
} from '@lgsp/contracts';
import { Envelope, OutboxRelay, OutboxWriter } from '@lgsp/messaging';
import { Principal, canReachAgency } from '@lgsp/security';
import {
  DossierIntakeRepository,
  DossierLedgerRepository,
  IntakeWrites,
  LedgerEntry,
  OutboxEntry,
  TraceEntry,
  Transaction,
  traceEntry,
} from '@lgsp/persistence';
import { DossierEvents } from './dossier-event.factory';

export type IntakeOutcome = 'accepted' | 'stale';

export interface IntakeReceipt {
  dossierCode: string;
  eventId: string;
  eventType: string;
  outcome: IntakeOutcome;
  correlationId: string;
}

/** A dossier-changing call from the one-stop system, already validated against its contract. */
export type IntakeCommand =
  { kind: 'dossier'; body: DossierRegisteredV1 } | { kind: 'status-change'; body: DossierStatusChangedV2 };

/** Dossier events arrive from the province's one-stop system. */
const ONE_STOP_SYSTEM = 'one-stop';

function notRegistered(dossierCode: string): DomainError {
  return new DomainError(
    DomainErrorCode.NotFound,
    `Dossier ${dossierCode} is not registered: register it (POST /v1/dossiers) before changing its status`,
  );
}

const statusName = (status: DossierStatus): string => `${status} (${DossierStatus[status]})`;

/** One request of a group: a caller's command and what judging it needs to know of the caller. */
export interface IntakeItem {
  principal: Principal;
  command: IntakeCommand;
  correlationId: string | undefined;
  /** Runs the item's judging in its caller's trace context, so its outbox row carries that trace on. */
  inTrace?: <T>(work: () => T) => T | Promise<T>;
}

/** Per item of a group: its receipt, or the DomainError its own call would have been answered with. */
export type IntakeResult = IntakeReceipt | DomainError;

/** What one judged item writes. */
interface Judgement {
  receipt: IntakeReceipt;
  ledger?: LedgerEntry;
  outbox?: OutboxEntry;
  trace: TraceEntry;
}

/**
 * Accepts dossier events from the one-stop system, a group at a time (one caller's request or many). Within the
 * caller's transaction it locks the group's dossiers in one fixed order, reads their ledger rows, judges each
 * event in turn against its dossier's state (as moved by the group's earlier events), and writes the ledger, the
 * outbox and the trace for the whole group in one statement: when a caller gets its 202, its event is durable.
 */
@Injectable()
export class DossierIntakeService {
  constructor(
    private readonly ledger: DossierLedgerRepository,
    private readonly intake: DossierIntakeRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async acceptAll(tx: Transaction, items: IntakeItem[]): Promise<IntakeResult[]> {
    const codes = items.map((item) => item.command.body.dossierCode);
    await this.ledger.lockAll(tx, codes);
    const ledger = await this.ledger.readLocked(tx, codes);
    const moved = new Map<string, LedgerEntry>();
    const writes: IntakeWrites = { ledger: [], outbox: [], trace: [] };
    const results: IntakeResult[] = [];
    for (const item of items) {
      const code = item.command.body.dossierCode;
      try {
        const judge = (): Judgement => this.judge(item, ledger.get(code));
        const judgement = await (item.inTrace ? item.inTrace(judge) : judge());
        if (judgement.ledger) {
          ledger.set(code, judgement.ledger);
          moved.set(code, judgement.ledger);
        }
        if (judgement.outbox) writes.outbox.push(judgement.outbox);
        writes.trace.push(judgement.trace);
        results.push(judgement.receipt);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push(error);
      }
    }
    writes.ledger = [...moved.values()];
    await this.intake.write(tx, writes);
    return results;
  }

  /** Wakes the outbox relay once the caller's transaction committed, so publication does not wait a poll. */
  committed(): void {
    this.relay.notify();
  }

  private judge(item: IntakeItem, current: LedgerEntry | undefined): Judgement {
    const { principal, command, correlationId } = item;
    const code = command.body.dossierCode;
    this.checkAgency(principal, command, current);
    const envelope = this.eventFor(command, current, correlationId);
    const occurredAt = new Date(command.body.occurredAt);
    if (current && occurredAt < current.statusOccurredAt) {
      return this.judgeStale(command, envelope, current.statusOccurredAt);
    }
    if (current) this.checkTransition(code, current.status, command.body.status);
    return {
      receipt: this.receipt(envelope, 'accepted'),
      ledger: {
        dossierCode: code,
        procedureCode:
          command.kind === 'dossier' ? command.body.procedureCode : (current?.procedureCode ?? ''),
        agencyCode: command.kind === 'dossier' ? command.body.agencyCode : (current?.agencyCode ?? ''),
        status: command.body.status,
        statusOccurredAt: occurredAt,
        lastEventId: envelope.id,
      },
      outbox: this.outbox.entryFor(Topics.dossierEvents, envelope),
      trace: traceEntry(envelope, 'received', ONE_STOP_SYSTEM, { status: command.body.status }),
    };
  }

  private eventFor(
    command: IntakeCommand,
    current: LedgerEntry | undefined,
    correlationId: string | undefined,
  ): Envelope {
    switch (command.kind) {
      case 'dossier':
        return current
          ? DossierEvents.updated(command.body, correlationId)
          : DossierEvents.registered(command.body, correlationId);
      case 'status-change':
        if (!current) throw notRegistered(command.body.dossierCode);
        return DossierEvents.statusChanged(command.body, correlationId);
    }
  }

  /**
   * An event older than the last one applied would move the dossier back in time: the ledger stays as it is. A
   * status change still carries a processing step, which the portal keeps whatever the order it arrives in, so
   * it is forwarded, marked with the time of the later event that superseded it: no reader may take it for the
   * dossier's newest state, even one whose own record has not caught up (the later event waiting for a retry).
   * An update has no step and its record is older than the one the portal gets: it stays in the trace only.
   */
  private judgeStale(command: IntakeCommand, envelope: Envelope, lastAppliedAt: Date): Judgement {
    const supersededAt = lastAppliedAt.toISOString();
    const receipt = this.receipt(envelope, 'stale');
    if (command.kind === 'status-change') {
      const marked: Envelope = { ...envelope, supersededAt };
      const detail = { lastAppliedAt: supersededAt, step: 'forwarded' };
      return {
        receipt,
        outbox: this.outbox.entryFor(Topics.dossierEvents, marked),
        trace: traceEntry(marked, 'stale', ONE_STOP_SYSTEM, detail),
      };
    }
    const detail = { lastAppliedAt: supersededAt, step: 'none' };
    return { receipt, trace: traceEntry(envelope, 'stale', ONE_STOP_SYSTEM, detail) };
  }

  /**
   * A client writes only dossiers of agencies it is bound to. Another agency's dossier is answered as one that
   * is not registered, so a client cannot learn which codes other agencies use; registering a new dossier under
   * an agency the client is not bound to names the field.
   */
  private checkAgency(principal: Principal, command: IntakeCommand, current: LedgerEntry | undefined): void {
    if (current && !canReachAgency(principal, current.agencyCode))
      throw notRegistered(command.body.dossierCode);
    if (command.kind === 'dossier' && !canReachAgency(principal, command.body.agencyCode)) {
      throw new DomainError(
        DomainErrorCode.Forbidden,
        `This client is not bound to agency ${command.body.agencyCode}`,
        [{ field: 'agencyCode', message: 'must be an agency this client is bound to' }],
      );
    }
  }

  private checkTransition(code: string, from: DossierStatus, to: DossierStatus): void {
    if (canTransition(from, to) || (from === to && !isTerminalStatus(from))) return;
    const why = isTerminalStatus(from)
      ? `${statusName(from)} is terminal: nothing follows it`
      : `the status table does not allow ${statusName(from)} → ${statusName(to)}`;
    throw new DomainError(
      DomainErrorCode.Conflict,
      `Dossier ${code} cannot move to ${statusName(to)}: ${why}`,
    );
  }

  private receipt(envelope: Envelope, outcome: IntakeOutcome): IntakeReceipt {
    return {
      dossierCode: envelope.key,
      eventId: envelope.id,
      eventType: envelope.type,
      outcome,
      correlationId: envelope.correlationId,
    };
  }
}
