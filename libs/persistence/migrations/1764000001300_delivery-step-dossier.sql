-- Up Migration
-- A dossier's events and its payments reach a partner through different topics, and each handler builds what it
-- sends on the copy the bus keeps of the partner's record. A call left in doubt by one of them makes that copy
-- lag the partner until the call is settled, so the other must find it by dossier: `dossier_code` says whose
-- record the call carried. A note 'unknown' now means unsettled: a handler that commits removes its own.
ALTER TABLE delivery_step ADD COLUMN dossier_code text;
CREATE INDEX delivery_step_unsettled ON delivery_step (destination, dossier_code) WHERE outcome = 'unknown';

-- Down Migration
DROP INDEX IF EXISTS delivery_step_unsettled;
ALTER TABLE delivery_step DROP COLUMN dossier_code;
