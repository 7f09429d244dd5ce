import { Injectable } from '@nestjs/common';
import { DatabaseService, Transaction } from '../database.service';

/** Where a dossier is in its journey; each stage is one line of its trace. */
export type TraceStage =
  | 'received'
  | 'published'
  | 'consumed'
  | 'delivered'
  | 'retried'
  | 'parked'
  | 'stale'
  | 'failed'
  | 'dead-lettered'
  | 'ledger-repaired';

export interface TraceEntry {
  dossierCode: string;
  stage: TraceStage;
  /** The system the stage happened at or toward: gateway, bus, national-portal, one-stop… */
  system: string;
  messageId?: string;
  eventType?: string;
  correlationId?: string;
  detail?: Record<string, unknown>;
}

/** What a trace line needs of a message: an envelope fits as it is. */
export interface TracedMessage {
  /** The dossier code. */
  key: string;
  id?: string;
  type?: string;
  correlationId?: string;
}

/** A trace line for a message at one stage, toward one system. */
export function traceEntry(
  message: TracedMessage,
  stage: TraceStage,
  system: string,
  detail: Record<string, unknown> = {},
): TraceEntry {
  return {
    dossierCode: message.key,
    stage,
    system,
    messageId: message.id,
    eventType: message.type,
    correlationId: message.correlationId,
    detail,
  };
}

export interface StoredTraceEntry extends TraceEntry {
  recordedAt: Date;
}

interface TraceRow {
  dossier_code: string;
  stage: TraceStage;
  system: string;
  message_id: string | null;
  event_type: string | null;
  correlation_id: string | null;
  detail: Record<string, unknown>;
  recorded_at: Date;
}

@Injectable()
export class DossierTraceRepository {
  constructor(private readonly db: DatabaseService) {}

  async append(entry: TraceEntry, tx?: Transaction): Promise<void> {
    await this.appendMany([entry], tx);
  }

  /** Several entries in one statement (one for a single entry, a batch's for a batch). */
  async appendMany(entries: TraceEntry[], tx?: Transaction): Promise<void> {
    if (entries.length === 0) return;
    // Inside the caller's transaction when there is one, so the trace commits with what it describes.
    const sql = `INSERT INTO dossier_trace (dossier_code, stage, system, message_id, event_type, correlation_id, detail)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[])`;
    const params = [
      entries.map((entry) => entry.dossierCode),
      entries.map((entry) => entry.stage),
      entries.map((entry) => entry.system),
      entries.map((entry) => entry.messageId ?? null),
      entries.map((entry) => entry.eventType ?? null),
      entries.map((entry) => entry.correlationId ?? null),
      entries.map((entry) => JSON.stringify(entry.detail ?? {})),
    ];
    if (tx) await tx.query(sql, params);
    else await this.db.query(sql, params);
  }

  async timeline(dossierCode: string): Promise<StoredTraceEntry[]> {
    const rows = await this.db.query<TraceRow>(
      `SELECT dossier_code, stage, system, message_id, event_type, correlation_id, detail, recorded_at
       FROM dossier_trace WHERE dossier_code = $1 ORDER BY id`,
      [dossierCode],
    );
    return rows.map((row) => ({
      dossierCode: row.dossier_code,
      stage: row.stage,
      system: row.system,
      messageId: row.message_id ?? undefined,
      eventType: row.event_type ?? undefined,
      correlationId: row.correlation_id ?? undefined,
      detail: row.detail,
      recordedAt: row.recorded_at,
    }));
  }
}
