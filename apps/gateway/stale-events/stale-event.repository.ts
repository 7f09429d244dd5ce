import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '@lgsp/persistence';

/** One event the gateway recorded as stale, as its caller sent it. */
export interface StaleEvent {
  dossierCode: string;
  eventId: string;
  eventType: string;
  occurredAt: string;
}

/** The stale event an intake receipt names, at the time its caller gave the event. */
export function staleEventOf(
  receipt: { dossierCode?: string; eventId?: string; eventType?: string },
  occurredAt: string,
): StaleEvent {
  return {
    dossierCode: receipt.dossierCode ?? '',
    eventId: receipt.eventId ?? '',
    eventType: receipt.eventType ?? '',
    occurredAt,
  };
}

export interface StaleEventsOfClient {
  clientId: string;
  staleEvents: number;
  lastStaleAt: string;
  lastDossierCode: string;
  lastEventOccurredAt: string;
  /** The time of the last event applied to that dossier, which the stale one was older than. */
  lastAppliedAt: string;
}

export interface RecordedStaleEvent extends StaleEvent {
  clientId: string;
  lastAppliedAt: string;
  recordedAt: string;
}

interface SummaryRow {
  client_id: string;
  stale_events: string;
  recorded_at: Date;
  dossier_code: string;
  occurred_at: Date;
  last_applied_at: Date;
}

interface EventRow {
  client_id: string;
  dossier_code: string;
  event_id: string;
  event_type: string;
  occurred_at: Date;
  last_applied_at: Date;
  recorded_at: Date;
}

/** The stale events per client, appended in the intake's own transaction: no row is shared, so none waits. */
@Injectable()
export class StaleEventRepository {
  constructor(private readonly db: DatabaseService) {}

  /** The ledger row of each dossier is already locked by the intake, so its time is the one judged against. */
  async append(tx: Transaction, clientId: string, events: StaleEvent[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO intake_stale_event (client_id, dossier_code, event_id, event_type, occurred_at, last_applied_at)
       SELECT $1, e.dossier_code, e.event_id, e.event_type, e.occurred_at, l.status_occurred_at
       FROM unnest($2::text[], $3::uuid[], $4::text[], $5::timestamptz[])
         AS e (dossier_code, event_id, event_type, occurred_at)
       JOIN dossier_ledger l ON l.dossier_code = e.dossier_code`,
      [
        clientId,
        events.map((event) => event.dossierCode),
        events.map((event) => event.eventId),
        events.map((event) => event.eventType),
        events.map((event) => event.occurredAt),
      ],
    );
  }

  /** Per client: how many, and the latest one. */
  async perClient(): Promise<StaleEventsOfClient[]> {
    const rows = await this.db.query<SummaryRow>(
      `SELECT DISTINCT ON (client_id) client_id, count(*) OVER (PARTITION BY client_id) AS stale_events,
         recorded_at, dossier_code, occurred_at, last_applied_at
       FROM intake_stale_event ORDER BY client_id, recorded_at DESC, id DESC`,
    );
    return rows.map((row) => ({
      clientId: row.client_id,
      staleEvents: Number(row.stale_events),
      lastStaleAt: row.recorded_at.toISOString(),
      lastDossierCode: row.dossier_code,
      lastEventOccurredAt: row.occurred_at.toISOString(),
      lastAppliedAt: row.last_applied_at.toISOString(),
    }));
  }

  /** A client's latest stale events, newest first: the dossiers an operator may have to look at. */
  async recent(clientId: string, limit: number): Promise<RecordedStaleEvent[]> {
    const rows = await this.db.query<EventRow>(
      `SELECT client_id, dossier_code, event_id, event_type, occurred_at, last_applied_at, recorded_at
       FROM intake_stale_event WHERE client_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT $2`,
      [clientId, limit],
    );
    return rows.map((row) => ({
      clientId: row.client_id,
      dossierCode: row.dossier_code,
      eventId: row.event_id,
      eventType: row.event_type,
      occurredAt: row.occurred_at.toISOString(),
      lastAppliedAt: row.last_applied_at.toISOString(),
      recordedAt: row.recorded_at.toISOString(),
    }));
  }
}
