-- Up Migration
-- Each event the gateway recorded as stale (older than the last one applied to its dossier), with the client that
-- sent it: operators see which caller's clock or ordering is off, and which dossiers it touched.
CREATE TABLE intake_stale_event (
  id bigserial PRIMARY KEY,
  client_id text NOT NULL,
  dossier_code text NOT NULL,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  last_applied_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intake_stale_event_client ON intake_stale_event (client_id, recorded_at DESC);

-- Every operator repair of a dossier's ledger time: who, when, why, and the times before and after.
CREATE TABLE ledger_repair_audit (
  id bigserial PRIMARY KEY,
  dossier_code text NOT NULL,
  operator text NOT NULL,
  reason text NOT NULL,
  before jsonb NOT NULL,
  after jsonb NOT NULL,
  repaired_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_repair_audit_dossier ON ledger_repair_audit (dossier_code, repaired_at);

-- Down Migration
DROP TABLE ledger_repair_audit;
DROP TABLE intake_stale_event;
