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
  DossierTraceRepository,
  LedgerEntry,
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

/**
 * Accepts dossier events from the one-stop system. Within one transaction it checks the event against the
 * dossier's ledger row (locked, so two changes to one dossier are judged one after the other), moves the
 * ledger, and commits the event to the outbox: when the caller gets its 202, the event is durable.
 */
@Injectable()
export class DossierIntakeService {
  constructor(
    private readonly ledger: DossierLedgerRepository,
    private readonly intake: DossierIntakeRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly trace: DossierTraceRepository,
  ) {}

  async accept(
    tx: Transaction,
    principal: Principal,
    command: IntakeCommand,
    correlationId: string | undefined,
  ): Promise<IntakeReceipt> {
    const code = command.body.dossierCode;
    const current = await this.ledger.lock(tx, code);
    this.checkAgency(principal, command, current);
    const envelope = this.eventFor(command, current, correlationId);
    const occurredAt = new Date(command.body.occurredAt);
    if (current && occurredAt < current.statusOccurredAt) {
      return this.acceptStale(tx, command, envelope, current.statusOccurredAt);
    }
    if (current) this.checkTransition(code, current.status, command.body.status);
    const entry: LedgerEntry = {
      dossierCode: code,
      procedureCode: command.kind === 'dossier' ? command.body.procedureCode : (current?.procedureCode ?? ''),
      agencyCode: command.kind === 'dossier' ? command.body.agencyCode : (current?.agencyCode ?? ''),
      status: command.body.status,
      statusOccurredAt: occurredAt,
      lastEventId: envelope.id,
    };
    const outbox = this.outbox.entryFor(Topics.dossierEvents, envelope);
    const received = traceEntry(envelope, 'received', ONE_STOP_SYSTEM, { status: command.body.status });
    await this.intake.accept(tx, entry, outbox, received);
    return this.receipt(envelope, 'accepted');
  }

  /**
   * Locks many dossiers in the caller's transaction, in one order whatever order they were named in, so two
   * batches sharing dossiers cannot deadlock; accept() then finds each lock already held.
   */
  lockDossiers(tx: Transaction, dossierCodes: string[]): Promise<void> {
    return this.ledger.lockAll(tx, dossierCodes);
  }

  /** Wakes the outbox relay once the caller's transaction committed, so publication does not wait a poll. */
  committed(): void {
    this.relay.notify();
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
  private async acceptStale(
    tx: Transaction,
    command: IntakeCommand,
    envelope: Envelope,
    lastAppliedAt: Date,
  ): Promise<IntakeReceipt> {
    const supersededAt = lastAppliedAt.toISOString();
    if (command.kind === 'status-change') {
      const marked: Envelope = { ...envelope, supersededAt };
      const detail = { lastAppliedAt: supersededAt, step: 'forwarded' };
      const outbox = this.outbox.entryFor(Topics.dossierEvents, marked);
      await this.intake.acceptStale(tx, outbox, traceEntry(marked, 'stale', ONE_STOP_SYSTEM, detail));
    } else {
      const detail = { lastAppliedAt: supersededAt, step: 'none' };
      await this.trace.append(traceEntry(envelope, 'stale', ONE_STOP_SYSTEM, detail), tx);
    }
    return this.receipt(envelope, 'stale');
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
