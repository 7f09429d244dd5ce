-- Up Migration
-- The timeline of one dossier across systems: what arrived, what was published, delivered, retried or failed.
CREATE TABLE dossier_trace (
  id bigserial PRIMARY KEY,
  dossier_code text NOT NULL,
  stage text NOT NULL,
  system text NOT NULL,
  message_id uuid,
  event_type text,
  correlation_id text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_trace_by_dossier ON dossier_trace (dossier_code, id);

-- Down Migration
DROP TABLE dossier_trace;
