import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { AuditLog } from '@lgsp/audit';
import { DatabaseService } from '@lgsp/persistence';
import { Principal, canReachAgency } from '@lgsp/security';
import { BusClock } from '../intake-policy/bus-clock';
import {
  HeldLedger,
  LEDGER_REPAIR_ACTION,
  LedgerRepairRepository,
  repairOf,
} from './ledger-repair.repository';
import { LedgerRepairAudit, LedgerRepairRequest, LedgerTimes } from './ledger-repair.request';

/**
 * Moves back the time of a dossier whose ledger holds one from a clock running fast: until then every correct
 * event of that dossier is older than the ledger's time, so it is answered `stale` and never moves it. Only
 * backwards, only to a time the bus's clock has passed, and each repair is audited (who, when, why, before and
 * after) in the operator-action chain of the audit record. Events already answered `stale` are not replayed: the caller sends the dossier's current state again.
 */
@Injectable()
export class LedgerRepairService {
  constructor(
    private readonly db: DatabaseService,
    private readonly repairs: LedgerRepairRepository,
    private readonly clock: BusClock,
    private readonly audit: AuditLog,
  ) {}

  repair(
    dossierCode: string,
    principal: Principal,
    operator: string,
    request: LedgerRepairRequest,
  ): Promise<LedgerRepairAudit> {
    return this.db.transaction(async (tx) => {
      const held = await this.repairs.lock(tx, dossierCode);
      // Another agency's dossier is answered as if it did not exist.
      if (!held || !canReachAgency(principal, held.agencyCode))
        throw new DomainError(DomainErrorCode.NotFound, `Dossier ${dossierCode} is not in the ledger`);
      const to = request.occurredAt ? new Date(request.occurredAt) : held.receivedAt;
      this.checkTarget(dossierCode, held, to, request.occurredAt ? 'occurredAt' : undefined);
      await this.repairs.moveBack(tx, dossierCode, to);
      // In the repair's transaction: a repair whose record cannot be written does not happen (fail-closed).
      const record = await this.audit.appendIn(tx, {
        stream: 'operator-action',
        actor: operator,
        action: LEDGER_REPAIR_ACTION,
        subject: dossierCode,
        details: { reason: request.reason, before: timesOf(held), after: timesOf(held, to) },
      });
      const repair = repairOf(record);
      await this.repairs.trace(tx, repair);
      return repair;
    });
  }

  history(dossierCode: string): Promise<LedgerRepairAudit[]> {
    return this.repairs.history(dossierCode);
  }

  private checkTarget(dossierCode: string, held: HeldLedger, to: Date, field: string | undefined): void {
    const now = this.clock.now();
    if (to > now) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `A repaired time must not be ahead of bus time ${now.toISOString()}`,
        [{ field: field ?? 'occurredAt', message: `must not be after bus time ${now.toISOString()}` }],
      );
    }
    if (to >= held.occurredAt) {
      throw new DomainError(
        DomainErrorCode.Conflict,
        `Dossier ${dossierCode}'s ledger time ${held.occurredAt.toISOString()} is not after ${to.toISOString()}: ` +
          'a repair only moves it back',
      );
    }
  }
}

function timesOf(held: HeldLedger, to?: Date): LedgerTimes {
  const moved = (time: Date): string => (to && time > to ? to : time).toISOString();
  return {
    ledgerOccurredAt: moved(held.occurredAt),
    deliveries: held.deliveries.map((delivery) => ({
      destination: delivery.destination,
      lastOccurredAt: moved(delivery.lastOccurredAt),
    })),
  };
}
