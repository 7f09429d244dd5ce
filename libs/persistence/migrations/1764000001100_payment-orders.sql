-- Up Migration
-- Orders for dossier fees paid online. The gateway's callback (or reconciliation, when a callback was lost)
-- settles an order once: the conditional update from 'pending' is the exactly-once point, in the same
-- transaction as the audit record and the outbox event it causes.
CREATE TABLE payment_order (
  order_id text PRIMARY KEY,
  dossier_code text NOT NULL,
  agency_code text NOT NULL,
  client_id text NOT NULL,
  -- The dossier code plus its sorted fee codes and amounts: one open or paid order per fee set.
  fee_set text NOT NULL,
  fees jsonb NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  gateway text NOT NULL CHECK (gateway IN ('paygov', 'bank')),
  description text NOT NULL,
  return_url text NOT NULL,
  client_ip text NOT NULL,
  payment_url text NOT NULL,
  gateway_reference text,
  state text NOT NULL CHECK (state IN ('pending', 'paid', 'failed')),
  result_code text,
  transaction_no text,
  paid_at timestamptz,
  settled_by text CHECK (settled_by IN ('callback', 'reconciliation')),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz
);
CREATE UNIQUE INDEX payment_order_one_per_fee_set ON payment_order (fee_set) WHERE state IN ('pending', 'paid');
CREATE INDEX payment_order_pending ON payment_order (created_at) WHERE state = 'pending';
CREATE INDEX payment_order_dossier ON payment_order (dossier_code);

-- Down Migration
DROP TABLE payment_order;
