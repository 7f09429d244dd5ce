import { RetentionSettings } from '@lgsp/config';

/** One table the retention job trims: rows whose time is older than `keepMs` (and that match `only`) go. */
export interface RetentionRule {
  table: string;
  timeColumn: string;
  keepMs: number;
  /** An extra condition a row must meet to be deleted (the outbox keeps unpublished rows whatever their age). */
  only?: string;
}

/** Every table that grows per request, message or event, with its retention (docs/retention.md says why). */
export function retentionRules(settings: RetentionSettings): RetentionRule[] {
  return [
    { table: 'idempotency_key', timeColumn: 'created_at', keepMs: settings.idempotencyKeyMs },
    {
      table: 'outbox_message',
      timeColumn: 'published_at',
      keepMs: settings.outboxSentMs,
      only: 'published_at IS NOT NULL',
    },
    { table: 'processed_message', timeColumn: 'processed_at', keepMs: settings.processedMessageMs },
    // Calls already made for a message: needed exactly as long as the message can come back.
    { table: 'delivery_step', timeColumn: 'done_at', keepMs: settings.processedMessageMs },
    { table: 'dossier_trace', timeColumn: 'recorded_at', keepMs: settings.dossierTraceMs },
    // What the delay report is made of: kept as long as the trace it explains.
    { table: 'delivery_timing', timeColumn: 'acknowledged_at', keepMs: settings.dossierTraceMs },
    {
      table: 'partner_outage',
      timeColumn: 'ended_at',
      keepMs: settings.dossierTraceMs,
      only: 'ended_at IS NOT NULL',
    },
  ];
}
