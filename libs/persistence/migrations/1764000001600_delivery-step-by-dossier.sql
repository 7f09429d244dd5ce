-- Up Migration
-- A run reads the notes of its dossiers' other messages whatever their outcome (done or in doubt, not committed
-- yet: see DossierDeliveryRepository.stepNotes), so the index by dossier covers every note, not only those in doubt.
DROP INDEX IF EXISTS delivery_step_unsettled;
CREATE INDEX delivery_step_by_dossier ON delivery_step (destination, dossier_code);

-- Down Migration
DROP INDEX IF EXISTS delivery_step_by_dossier;
CREATE INDEX delivery_step_unsettled ON delivery_step (destination, dossier_code) WHERE outcome = 'unknown';
