-- Up Migration
-- A call a partner may or may not have applied (no answer before the connector's timeout, a connection lost
-- before the reply, an answer that could not be read) is noted 'unknown' instead of being forgotten: the next try
-- asks the partner what it holds before sending it again, so an ambiguous call does not become a duplicate.
-- `sent_record`: what the partner holds for the message's dossier if that call was applied (the call's last
-- record of the dossier), the one thing the next try may not have at hand to compare.
ALTER TABLE delivery_step
  ADD COLUMN outcome text NOT NULL DEFAULT 'done' CHECK (outcome IN ('done', 'unknown')),
  ADD COLUMN sent_record jsonb;

-- Down Migration
ALTER TABLE delivery_step DROP COLUMN outcome, DROP COLUMN sent_record;
