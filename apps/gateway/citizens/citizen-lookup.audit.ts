import { Injectable } from '@nestjs/common';
import { AuditJson, AuditLog, AuditRecord } from '@lgsp/audit';
import { BusConfig } from '@lgsp/config';
import type { VerificationPurposeV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import { DatabaseService } from '@lgsp/persistence';
import type { CitizenLookup } from './citizen-verification.answer';
import { citizenVerificationConfig } from './citizen-verification.config';
import { citizenIdHash } from './citizen-id-hash';

const STREAM = 'citizen-lookup';
const ACTION = 'citizen-verification';

/** The most look-ups one listing returns; a data-subject request for more asks for a shorter period. */
export const MAX_LISTED_LOOKUPS = 1_000;

/**
 * - a verdict of the population database;
 * - unavailable: its breaker is open (the connector did not ask it);
 * - deadline-exceeded: no answer in time (the connector may still have asked it);
 * - failed: the connector answered with an error.
 */
export type LookupOutcome =
  'match' | 'no-match' | 'not-found' | 'unavailable' | 'deadline-exceeded' | 'failed';

export interface LookupFacts {
  clientId: string;
  personalId: string;
  purpose: VerificationPurposeV2;
  outcome: LookupOutcome;
  requestId: string;
  correlationId: string;
  /** The citizen fields disclosed to the client with this answer (names only). */
  disclosed: string[];
}

/**
 * The look-ups of citizens in the `citizen-lookup` audit chain: who asked (client, officer), why (service, dossier,
 * agency), the outcome and the correlation id, under a keyed hash of the personal ID. Neither the ID nor the name
 * is written: the hash finds a person's look-ups, the record does not say who they are.
 */
@Injectable()
export class CitizenLookupAudit {
  private readonly key: string;

  constructor(
    private readonly audit: AuditLog,
    private readonly db: DatabaseService,
    config: BusConfig,
  ) {
    this.key = config.slice(citizenVerificationConfig).idHashKey;
  }

  /** Resolves once the record is committed (group-committed with concurrent look-ups); rejects when it is not. */
  record(facts: LookupFacts): Promise<AuditRecord> {
    const { serviceCode, dossierCode, agencyCode, officerCode } = facts.purpose;
    const details: { [key: string]: AuditJson } = {
      officerCode,
      purpose: { serviceCode, dossierCode, agencyCode },
      verdict: facts.outcome,
      requestId: facts.requestId,
      correlationId: facts.correlationId,
      disclosed: facts.disclosed,
    };
    return this.audit.append({
      stream: STREAM,
      actor: facts.clientId,
      action: ACTION,
      subject: citizenIdHash(this.key, facts.personalId),
      details,
    });
  }

  /** One person's look-ups in [from, to), oldest first; `truncated` when there were more than the limit. */
  async of(
    personalId: string,
    from: Date,
    to: Date,
  ): Promise<{ lookups: CitizenLookup[]; truncated: boolean }> {
    const rows = await this.db.query<{
      sequence: string;
      occurred_at: Date;
      actor: string;
      details: LookupDetails;
    }>(
      `SELECT sequence, occurred_at, actor, details FROM audit_record
        WHERE stream = $1 AND subject = $2 AND action = $3 AND occurred_at >= $4 AND occurred_at < $5
        ORDER BY occurred_at, sequence LIMIT $6`,
      [STREAM, citizenIdHash(this.key, personalId), ACTION, from, to, MAX_LISTED_LOOKUPS + 1],
    );
    const lookups = rows.slice(0, MAX_LISTED_LOOKUPS).map((row): CitizenLookup => ({
      sequence: Number(row.sequence),
      occurredAt: row.occurred_at.toISOString(),
      clientId: row.actor,
      officerCode: row.details.officerCode,
      purpose: row.details.purpose,
      verdict: row.details.verdict,
      requestId: row.details.requestId,
      correlationId: row.details.correlationId,
    }));
    return { lookups, truncated: rows.length > MAX_LISTED_LOOKUPS };
  }
}

interface LookupDetails {
  officerCode: string;
  purpose: { serviceCode: string; dossierCode: string; agencyCode: string };
  verdict: string;
  requestId: string;
  correlationId: string;
}
