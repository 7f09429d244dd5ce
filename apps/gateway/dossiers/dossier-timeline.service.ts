import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import {
  DatabaseService,
  DossierLedgerRepository,
  DossierTraceRepository,
  StoredTraceEntry,
} from '@lgsp/persistence';
import { ALL_AGENCIES, Principal, canReachAgency } from '@lgsp/security';

/** A dossier's timeline, for a client allowed to read it. */
@Injectable()
export class DossierTimeline {
  constructor(
    private readonly db: DatabaseService,
    private readonly ledger: DossierLedgerRepository,
    private readonly trace: DossierTraceRepository,
  ) {}

  /**
   * Another agency's dossier is answered as one without a trace. A dossier not in the ledger (filed on the
   * national portal, not yet registered by the one-stop system) has no agency of record: only a client bound to
   * every agency reads it.
   */
  async of(principal: Principal, dossierCode: string): Promise<StoredTraceEntry[]> {
    const agency = await this.db.transaction((tx) => this.ledger.agencyOf(tx, dossierCode));
    const readable =
      agency === undefined ? principal.agencies.includes(ALL_AGENCIES) : canReachAgency(principal, agency);
    const entries = readable ? await this.trace.timeline(dossierCode) : [];
    if (entries.length === 0)
      throw new DomainError(DomainErrorCode.NotFound, `No trace for dossier ${dossierCode}`);
    return entries;
  }
}
