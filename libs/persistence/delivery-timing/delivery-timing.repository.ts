import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '../database.service';

/** An event a partner has just acknowledged, as its connector knows it. */
export interface AcknowledgedEvent {
  messageId: string;
  dossierCode: string;
  eventType: string;
  occurredAt: Date;
  /** The dossier's due date as the partner holds it (the appointment date), when it has one. */
  dueAt?: Date;
}

/** One acknowledged event's times, with the agency that handles its dossier. */
export interface DeliveryTiming {
  partner: string;
  agency: string;
  messageId: string;
  dossierCode: string;
  occurredAt: Date;
  acceptedAt: Date;
  acknowledgedAt: Date;
  dueAt: Date | null;
  firstRefusedAt: Date | null;
  rateLimitMs: number;
}

/** Why a partner's traffic was parked for a while: its breaker, an operator's hold, an announced maintenance. */
export type ParkedCause = 'breaker-open' | 'operator-hold' | 'maintenance';

/** A period a partner's traffic was parked; one still going on has no end. */
export interface ParkedPeriod {
  partner: string;
  cause: ParkedCause;
  startedAt: Date;
  endedAt: Date | null;
}

/** The agency of a dossier the ledger does not know (a dossier only the partner's feed brought). */
export const UNKNOWN_AGENCY = 'unknown';

interface TimingRow {
  partner: string;
  agency: string | null;
  message_id: string;
  dossier_code: string;
  occurred_at: Date;
  accepted_at: Date;
  acknowledged_at: Date;
  due_at: Date | null;
  first_refused_at: Date | null;
  rate_limit_ms: number;
}

interface PeriodRow {
  partner: string;
  cause: ParkedCause;
  started_at: Date;
  ended_at: Date | null;
}

/**
 * The times the delay report is made of (delivery_timing, partner_outage, maintenance_window). A connector
 * records its acknowledged events in its delivery's transaction, in one statement: the acceptance and first
 * refusal are read from the dossier's trace there (its intake's `received` line, its first `retried` line toward
 * the partner), the acknowledgement is the statement's own time.
 */
@Injectable()
export class DeliveryTimingRepository {
  constructor(private readonly db: DatabaseService) {}

  async recordAcknowledged(
    tx: Transaction,
    partner: string,
    events: AcknowledgedEvent[],
    rateLimitMs: number,
  ): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO delivery_timing (message_id, partner, dossier_code, event_type, occurred_at, accepted_at,
         acknowledged_at, due_at, first_refused_at, rate_limit_ms)
       SELECT e.id, $1, e.code, e.type, e.occurred, COALESCE(t.received, e.occurred), clock_timestamp(), e.due,
         t.refused, $7
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
         AS e(id, code, type, occurred, due)
       LEFT JOIN LATERAL (
         SELECT min(recorded_at) FILTER (WHERE stage = 'received') AS received,
           min(recorded_at) FILTER (WHERE stage = 'retried' AND system = $1) AS refused
         FROM dossier_trace WHERE dossier_code = e.code AND message_id = e.id
       ) t ON true
       ON CONFLICT (message_id, partner) DO NOTHING`,
      [
        partner,
        events.map((event) => event.messageId),
        events.map((event) => event.dossierCode),
        events.map((event) => event.eventType),
        events.map((event) => event.occurredAt),
        events.map((event) => event.dueAt ?? null),
        Math.max(0, Math.round(rateLimitMs)),
      ],
    );
  }

  /** The events acknowledged in [from, to), oldest first. */
  async acknowledgedBetween(from: Date, to: Date, partner?: string): Promise<DeliveryTiming[]> {
    const rows = await this.db.query<TimingRow>(
      `SELECT d.partner, l.agency_code AS agency, d.message_id, d.dossier_code, d.occurred_at, d.accepted_at,
         d.acknowledged_at, d.due_at, d.first_refused_at, d.rate_limit_ms
       FROM delivery_timing d LEFT JOIN dossier_ledger l ON l.dossier_code = d.dossier_code
       WHERE d.acknowledged_at >= $1 AND d.acknowledged_at < $2 AND ($3::text IS NULL OR d.partner = $3)
       ORDER BY d.acknowledged_at, d.message_id`,
      [from, to, partner ?? null],
    );
    return rows.map((row) => ({
      partner: row.partner,
      agency: row.agency ?? UNKNOWN_AGENCY,
      messageId: row.message_id,
      dossierCode: row.dossier_code,
      occurredAt: row.occurred_at,
      acceptedAt: row.accepted_at,
      acknowledgedAt: row.acknowledged_at,
      dueAt: row.due_at,
      firstRefusedAt: row.first_refused_at,
      rateLimitMs: row.rate_limit_ms,
    }));
  }

  /**
   * Every period that overlaps [from, to): the partners' outages and operators' holds, and the maintenance
   * windows as they were in force (a cancelled window until its cancellation).
   */
  async parkedBetween(from: Date, to: Date, partner?: string): Promise<ParkedPeriod[]> {
    const rows = await this.db.query<PeriodRow>(
      `SELECT partner, cause, started_at, ended_at FROM partner_outage
       WHERE started_at < $2 AND (ended_at IS NULL OR ended_at > $1) AND ($3::text IS NULL OR partner = $3)
       UNION ALL
       SELECT partner, 'maintenance', starts_at, LEAST(ends_at, cancelled_at) FROM maintenance_window
       WHERE starts_at < $2 AND LEAST(ends_at, cancelled_at) > $1 AND ($3::text IS NULL OR partner = $3)
         AND starts_at < LEAST(ends_at, cancelled_at)
       ORDER BY 3`,
      [from, to, partner ?? null],
    );
    return rows.map((row) => ({
      partner: row.partner,
      cause: row.cause,
      startedAt: row.started_at,
      endedAt: row.ended_at,
    }));
  }
}
