-- Up Migration
-- What the partner holds for the dossier (the national portal's whole dossier record), so a status change can
-- be sent as the complete dossier the portal expects.
ALTER TABLE dossier_delivery ADD COLUMN partner_record jsonb;

-- Calls already made for one message that needs several: a retry after a partial failure skips them, so the
-- partner sees each call once. Written outside the handler's transaction, at the moment the call succeeded.
CREATE TABLE delivery_step (
  message_id uuid NOT NULL,
  destination text NOT NULL,
  step text NOT NULL,
  done_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, destination, step)
);

-- Down Migration
DROP TABLE delivery_step;
ALTER TABLE dossier_delivery DROP COLUMN partner_record;
