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

/** The bus's record of each dossier's current status: what the gateway checks a transition against. */
@Injectable()
export class DossierLedgerRepository {
  /** Reads and locks the dossier's row, so two concurrent changes to one dossier are checked one after the other. */
  async lock(tx: Transaction, dossierCode: string): Promise<LedgerEntry | undefined> {
    const { rows } = await tx.query<LedgerRow>(
      `SELECT dossier_code, procedure_code, agency_code, status, status_occurred_at, last_event_id
       FROM dossier_ledger WHERE dossier_code = $1 FOR UPDATE`,
      [dossierCode],
    );
    const row = rows[0];
    return row
      ? {
          dossierCode: row.dossier_code,
          procedureCode: row.procedure_code,
          agencyCode: row.agency_code,
          status: row.status,
          statusOccurredAt: row.status_occurred_at,
          lastEventId: row.last_event_id,
        }
      : undefined;
  }
}
