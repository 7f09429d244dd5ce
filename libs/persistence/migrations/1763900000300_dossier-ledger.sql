-- Up Migration
-- Each dossier's last status as the bus accepted it; the gateway checks transitions against it.
CREATE TABLE dossier_ledger (
  dossier_code text PRIMARY KEY,
  procedure_code text NOT NULL,
  agency_code text NOT NULL,
  status smallint NOT NULL,
  status_occurred_at timestamptz NOT NULL,
  last_event_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per destination system, what was delivered and when.
CREATE TABLE dossier_delivery (
  dossier_code text NOT NULL,
  destination text NOT NULL,
  synchronised boolean NOT NULL DEFAULT false,
  last_message_id uuid NOT NULL,
  last_event_type text NOT NULL,
  last_status smallint,
  last_occurred_at timestamptz NOT NULL,
  delivered_count integer NOT NULL DEFAULT 1,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dossier_code, destination)
);

-- A retried REST request with the same Idempotency-Key gets the first answer.
CREATE TABLE idempotency_key (
  client_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_fingerprint text NOT NULL,
  response_status smallint NOT NULL,
  response_body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, idempotency_key)
);

-- Where the bus is in a partner's feed (the national portal's dossiers filed by citizens).
CREATE TABLE feed_cursor (
  feed text PRIMARY KEY,
  cursor_value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE feed_cursor;
DROP TABLE idempotency_key;
DROP TABLE dossier_delivery;
DROP TABLE dossier_ledger;
