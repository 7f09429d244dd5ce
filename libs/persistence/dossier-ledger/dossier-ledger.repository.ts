import { Injectable } from '@nestjs/common';
import { Transaction } from '../database.service';

export interface LedgerEntry {
  dossierCode: string;
  procedureCode: string;
  agencyCode: string;
  status: number;
  statusOccurredAt: Date;
  lastEventId: string;
}

interface LedgerRow {
  dossier_code: string;
  procedure_code: string;
  agency_code: string;
  status: number;
  status_occurred_at: Date;
  last_event_id: string;
}

/**
 * The ledger's advisory locks are (LEDGER_LOCKS, hashtext(schema, dossier code)): advisory locks belong to the whole
 * database, and two deployments sharing one in separate schemas must not wait on each other's dossiers. Two codes
 * sharing a hash only queue.
 */
const LEDGER_LOCKS = 0x6c656467;

/** The bus's record of each dossier's current status: what the gateway checks a transition against. */
@Injectable()
export class DossierLedgerRepository {
  /**
   * Locks the dossier and reads its row, so two concurrent events of one dossier are judged one after the other.
   * A row lock alone locks nothing before the first event wrote the row: two first events would both be judged
   * against "no dossier". The advisory lock is taken first, in its own statement, so the read that follows sees
   * whatever the previous holder committed.
   */
  async lock(tx: Transaction, dossierCode: string): Promise<LedgerEntry | undefined> {
    await this.lockAll(tx, [dossierCode]);
    return (await this.readLocked(tx, [dossierCode])).get(dossierCode);
  }

  /**
   * The rows of dossiers the caller already locked (lockAll), by code, for update; a dossier with no row yet is
   * absent. The lock statement came first, so this read sees what every earlier holder committed.
   */
  async readLocked(tx: Transaction, dossierCodes: string[]): Promise<Map<string, LedgerEntry>> {
    if (dossierCodes.length === 0) return new Map();
    const { rows } = await tx.query<LedgerRow>(
      `SELECT dossier_code, procedure_code, agency_code, status, status_occurred_at, last_event_id
       FROM dossier_ledger WHERE dossier_code = ANY($1::text[]) ORDER BY dossier_code FOR UPDATE`,
      [dossierCodes],
    );
    return new Map(rows.map((row) => [row.dossier_code, entryOf(row)]));
  }

  /** The agency a dossier is registered to, without locking it (who may read it), or undefined. */
  async agencyOf(tx: Transaction, dossierCode: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ agency_code: string }>(
      'SELECT agency_code FROM dossier_ledger WHERE dossier_code = $1',
      [dossierCode],
    );
    return rows[0]?.agency_code;
  }

  /**
   * Locks several dossiers in one statement, in the order of their lock keys whatever order the caller named them
   * in: two batches naming the same dossiers in opposite orders would otherwise each hold what the other waits for.
   * readLocked() then reads their rows.
   */
  async lockAll(tx: Transaction, dossierCodes: string[]): Promise<void> {
    if (dossierCodes.length === 0) return;
    // With ORDER BY, PostgreSQL evaluates the volatile lock function after sorting, so keys are locked in order.
    await tx.query(
      `SELECT pg_advisory_xact_lock($1, key)
       FROM (SELECT DISTINCT hashtext(current_schema() || E'\\n' || code) AS key FROM unnest($2::text[]) AS code) AS keys
       ORDER BY key`,
      [LEDGER_LOCKS, dossierCodes],
    );
  }
}

function entryOf(row: LedgerRow): LedgerEntry {
  return {
    dossierCode: row.dossier_code,
    procedureCode: row.procedure_code,
    agencyCode: row.agency_code,
    status: row.status,
    statusOccurredAt: row.status_occurred_at,
    lastEventId: row.last_event_id,
  };
}
