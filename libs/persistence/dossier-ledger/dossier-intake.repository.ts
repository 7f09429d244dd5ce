import { Injectable } from '@nestjs/common';
import { Transaction } from '../database.service';
import { TraceEntry } from '../dossier-trace/dossier-trace.repository';
import { OutboxEntry } from '../outbox/outbox.repository';
import { LedgerEntry } from './dossier-ledger.repository';

/** What a group of accepted dossier events writes: each dossier's new ledger row, the events, their trace lines. */
export interface IntakeWrites {
  /** At most one row per dossier: the state after the group's last event of it. */
  ledger: LedgerEntry[];
  /** In the order the events were judged, which is the order the relay publishes them in. */
  outbox: OutboxEntry[];
  trace: TraceEntry[];
}

/**
 * A group of accepted dossier events in one statement, however many: the ledger moves, the events enter the
 * outbox and the trace notes their arrival. The gateway's hot path: one round trip for a group of callers
 * instead of three for each.
 */
@Injectable()
export class DossierIntakeRepository {
  async write(tx: Transaction, writes: IntakeWrites): Promise<void> {
    const { ledger, outbox, trace } = writes;
    if (ledger.length + outbox.length + trace.length === 0) return;
    // Data-modifying CTEs run to completion whether or not the outer statement reads them. The outbox rows take
    // their ids in array order (WITH ORDINALITY), so a dossier's events are published in the order judged.
    await tx.query(
      `WITH ledger AS (
         INSERT INTO dossier_ledger (dossier_code, procedure_code, agency_code, status, status_occurred_at, last_event_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::uuid[])
         ON CONFLICT (dossier_code) DO UPDATE SET procedure_code = EXCLUDED.procedure_code,
           agency_code = EXCLUDED.agency_code, status = EXCLUDED.status,
           status_occurred_at = EXCLUDED.status_occurred_at, last_event_id = EXCLUDED.last_event_id, updated_at = now()
       ), outbox AS (
         INSERT INTO outbox_message (message_id, topic, message_key, headers, value)
         SELECT message_id, topic, message_key, headers, value
         FROM unnest($7::uuid[], $8::text[], $9::text[], $10::jsonb[], $11::bytea[])
           WITH ORDINALITY AS event (message_id, topic, message_key, headers, value, position)
         ORDER BY position
       )
       INSERT INTO dossier_trace (dossier_code, stage, system, message_id, event_type, correlation_id, detail)
       SELECT * FROM unnest($12::text[], $13::text[], $14::text[], $15::uuid[], $16::text[], $17::text[], $18::jsonb[])`,
      [
        ledger.map((entry) => entry.dossierCode),
        ledger.map((entry) => entry.procedureCode),
        ledger.map((entry) => entry.agencyCode),
        ledger.map((entry) => entry.status),
        ledger.map((entry) => entry.statusOccurredAt),
        ledger.map((entry) => entry.lastEventId),
        outbox.map((entry) => entry.messageId),
        outbox.map((entry) => entry.topic),
        outbox.map((entry) => entry.key),
        outbox.map((entry) => JSON.stringify(entry.headers)),
        outbox.map((entry) => entry.value),
        trace.map((entry) => entry.dossierCode),
        trace.map((entry) => entry.stage),
        trace.map((entry) => entry.system),
        trace.map((entry) => entry.messageId ?? null),
        trace.map((entry) => entry.eventType ?? null),
        trace.map((entry) => entry.correlationId ?? null),
        trace.map((entry) => JSON.stringify(entry.detail ?? {})),
      ],
    );
  }
}
