import { Injectable } from '@nestjs/common';
import { AuditRecord, auditChainSql } from '@lgsp/audit';
import { DatabaseService, Transaction } from '@lgsp/persistence';
import { LedgerRepairAudit, LedgerTimes } from './ledger-repair.request';

export interface HeldLedger {
  agencyCode: string;
  occurredAt: Date;
  /** When the bus received the last event applied: that event cannot have happened later. */
  receivedAt: Date;
  deliveries: { destination: string; lastOccurredAt: Date }[];
}

interface AuditRow {
  id: string;
  dossier_code: string;
  operator: string;
  reason: string;
  before: LedgerTimes;
  after: LedgerTimes;
  repaired_at: Date;
}

/**
 * The statements of a ledger repair: the dossier's ledger time and, where later, each destination's delivery
 * time (a connector judges staleness against its own delivery record too), with a trace line in the same
 * transaction (the service appends the audit record in it too).
 */
@Injectable()
export class LedgerRepairRepository {
  constructor(private readonly db: DatabaseService) {}

  /** Locks the dossier's ledger and delivery rows: the intake and the connectors wait for the repair. */
  async lock(tx: Transaction, dossierCode: string): Promise<HeldLedger | undefined> {
    const { rows } = await tx.query<{ agency_code: string; status_occurred_at: Date; updated_at: Date }>(
      'SELECT agency_code, status_occurred_at, updated_at FROM dossier_ledger WHERE dossier_code = $1 FOR UPDATE',
      [dossierCode],
    );
    const ledger = rows[0];
    if (!ledger) return undefined;
    const deliveries = await tx.query<{ destination: string; last_occurred_at: Date }>(
      `SELECT destination, last_occurred_at FROM dossier_delivery WHERE dossier_code = $1
       ORDER BY destination FOR UPDATE`,
      [dossierCode],
    );
    return {
      agencyCode: ledger.agency_code,
      occurredAt: ledger.status_occurred_at,
      receivedAt: ledger.updated_at,
      deliveries: deliveries.rows.map((row) => ({
        destination: row.destination,
        lastOccurredAt: row.last_occurred_at,
      })),
    };
  }

  async moveBack(tx: Transaction, dossierCode: string, to: Date): Promise<void> {
    await tx.query('UPDATE dossier_ledger SET status_occurred_at = $2 WHERE dossier_code = $1', [
      dossierCode,
      to,
    ]);
    await tx.query(
      'UPDATE dossier_delivery SET last_occurred_at = $2 WHERE dossier_code = $1 AND last_occurred_at > $2',
      [dossierCode, to],
    );
  }

  /** The repair's line in the dossier's trace, naming its audit record. */
  async trace(tx: Transaction, audit: LedgerRepairAudit): Promise<void> {
    await tx.query(
      `INSERT INTO dossier_trace (dossier_code, stage, system, detail) VALUES ($1, 'ledger-repaired', 'bus', $2)`,
      [
        audit.dossierCode,
        JSON.stringify({
          auditId: audit.id,
          operator: audit.operator,
          from: audit.before.ledgerOccurredAt,
          to: audit.after.ledgerOccurredAt,
        }),
      ],
    );
  }

  /**
   * Repairs recorded before the audit chain existed (ledger_repair_audit, no longer written), then those in the
   * chain's operator-action stream.
   */
  async history(dossierCode: string): Promise<LedgerRepairAudit[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<AuditRow>(
        `SELECT id, dossier_code, operator, reason, before, after, repaired_at FROM ledger_repair_audit
         WHERE dossier_code = $1 ORDER BY repaired_at, id`,
        [dossierCode],
      );
      const chained = await auditChainSql.ofSubject(tx, 'operator-action', LEDGER_REPAIR_ACTION, dossierCode);
      return [...rows.map(auditOf), ...chained.map(repairOf)];
    });
  }
}

export const LEDGER_REPAIR_ACTION = 'ledger-repair';

/** A repair as its audit record states it; its id names the chain and the place in it. */
export function repairOf(record: AuditRecord): LedgerRepairAudit {
  const details = record.details as { reason: string; before: LedgerTimes; after: LedgerTimes };
  return {
    id: `${record.stream}:${record.sequence}`,
    dossierCode: record.subject,
    operator: record.actor,
    reason: details.reason,
    repairedAt: record.occurredAt.toISOString(),
    before: details.before,
    after: details.after,
  };
}

function auditOf(row: AuditRow): LedgerRepairAudit {
  return {
    id: String(row.id),
    dossierCode: row.dossier_code,
    operator: row.operator,
    reason: row.reason,
    repairedAt: row.repaired_at.toISOString(),
    before: row.before,
    after: row.after,
  };
}
