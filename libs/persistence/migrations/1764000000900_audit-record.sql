-- Up Migration
-- The tamper-evident audit record (libs/audit): one hash chain per stream. Each record carries the hash of the one
-- before it, so a record altered, inserted or deleted afterwards breaks the chain where `npm run audit -- verify`
-- finds it. Writers of one stream take turns on its chain-head row (SELECT ... FOR UPDATE), which also holds the
-- last sequence and hash: a record deleted from the end of a chain shows as a head the records do not reach.
CREATE TABLE audit_chain_head (
  stream text PRIMARY KEY,
  sequence bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_chain_head (stream, sequence, hash) VALUES
  ('citizen-lookup', 0, repeat('0', 64)),
  ('operator-action', 0, repeat('0', 64)),
  ('payment-callback', 0, repeat('0', 64)),
  ('client-admin', 0, repeat('0', 64));

CREATE TABLE audit_record (
  stream text NOT NULL REFERENCES audit_chain_head (stream),
  sequence bigint NOT NULL CHECK (sequence > 0),
  occurred_at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  details jsonb NOT NULL,
  previous_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (stream, sequence)
);
-- A subject's history (a dossier's ledger repairs) without reading the whole chain.
CREATE INDEX audit_record_subject ON audit_record (stream, subject, sequence);

-- Append-only in the database too, whatever the application does. The table's owner or a superuser can still
-- disable this trigger (ALTER TABLE ... DISABLE TRIGGER) and change rows; the chain is what shows that they did.
CREATE FUNCTION audit_record_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_record_refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION audit_record_refuse_change();

-- Ledger repairs were audited in ledger_repair_audit before this chain existed; the bus no longer writes there
-- and still reads it (the repair history). Its rows are frozen the same way.
CREATE TRIGGER ledger_repair_audit_frozen BEFORE UPDATE OR DELETE ON ledger_repair_audit
  FOR EACH ROW EXECUTE FUNCTION audit_record_refuse_change();

-- Down Migration
DROP TRIGGER ledger_repair_audit_frozen ON ledger_repair_audit;
DROP TABLE audit_record;
DROP FUNCTION audit_record_refuse_change();
DROP TABLE audit_chain_head;
