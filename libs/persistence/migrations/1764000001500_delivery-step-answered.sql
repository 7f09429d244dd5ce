-- Up Migration
-- A call in doubt whose answer began (the status line came, then the connection was cut, or the body could not be
-- read) reached the partner and cannot land later: the next try may ask the partner at once. One with no answer
-- at all (a timeout, a worker killed mid-call) may still be on its way, and is asked about only once it cannot be.
ALTER TABLE delivery_step ADD COLUMN answered boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE delivery_step DROP COLUMN answered;
