import { Injectable } from '@nestjs/common';
import { Transaction } from '../database.service';
import { TraceEntry } from '../dossier-trace/dossier-trace.repository';
import { OutboxEntry } from '../outbox/outbox.repository';
import { LedgerEntry } from './dossier-ledger.repository';

/**
 * An accepted dossier event in one statement: the ledger moves, the event enters the outbox and the trace
 * notes its arrival. The gateway's hot path; three round trips made one.
 */
@Injectable()
export class DossierIntakeRepository {
  async accept(tx: Transaction, ledger: LedgerEntry, outbox: OutboxEntry, trace: TraceEntry): Promise<void> {
    await tx.query(
      `WITH ledger AS (
         INSERT INTO dossier_ledger (dossier_code, procedure_code, agency_code, status, status_occurred_at, last_event_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (dossier_code) DO UPDATE SET procedure_code = EXCLUDED.procedure_code,
           agency_code = EXCLUDED.agency_code, status = EXCLUDED.status,
           status_occurred_at = EXCLUDED.status_occurred_at, last_event_id = EXCLUDED.last_event_id, updated_at = now()
         RETURNING 1
       ), outbox AS (
         INSERT INTO outbox_message (message_id, topic, message_key, headers, value) VALUES ($7, $8, $9, $10, $11)
         RETURNING 1
       )
       INSERT INTO dossier_trace (dossier_code, stage, system, message_id, event_type, correlation_id, detail)
       SELECT $12, $13, $14, $15, $16, $17, $18 FROM ledger, outbox`,
      [
        ledger.dossierCode,
        ledger.procedureCode,
        ledger.agencyCode,
        ledger.status,
        ledger.statusOccurredAt,
        ledger.lastEventId,
        ...outboxAndTraceValues(outbox, trace),
      ],
    );
  }

  /**
   * A stale event in one statement: the ledger stays as it is, the event enters the outbox (its processing step
   * still belongs on the portal) and the trace notes it as stale.
   */
  async acceptStale(tx: Transaction, outbox: OutboxEntry, trace: TraceEntry): Promise<void> {
    await tx.query(
      `WITH outbox AS (
         INSERT INTO outbox_message (message_id, topic, message_key, headers, value) VALUES ($1, $2, $3, $4, $5)
         RETURNING 1
       )
       INSERT INTO dossier_trace (dossier_code, stage, system, message_id, event_type, correlation_id, detail)
       SELECT $6, $7, $8, $9, $10, $11, $12 FROM outbox`,
      [...outboxAndTraceValues(outbox, trace)],
    );
  }
}

/** The outbox row's and the trace line's values, in the column order both statements list them. */
function outboxAndTraceValues(outbox: OutboxEntry, trace: TraceEntry): unknown[] {
  return [
    outbox.messageId,
    outbox.topic,
    outbox.key,
    JSON.stringify(outbox.headers),
    outbox.value,
    trace.dossierCode,
    trace.stage,
    trace.system,
    trace.messageId ?? null,
    trace.eventType ?? null,
    trace.correlationId ?? null,
    JSON.stringify(trace.detail ?? {}),
  ];
}
