-- Up Migration
-- Each partner's breaker as every worker replica sees it. A replica whose own breaker opens writes it here; every
-- replica reads it several times a second and parks the partner's traffic; when the open time has passed one
-- replica takes the probe (probe_by, for probe_until) and its outcome closes the breaker or opens it again. The
-- row outlives the replicas, so a restarted worker comes back to the partner's state. Times are the database's.
CREATE TABLE partner_breaker (
  partner text PRIMARY KEY,
  state text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open')),
  opened_at timestamptz,
  opened_by text,
  probe_at timestamptz,
  probe_by text,
  probe_until timestamptz,
  -- An operator's override: 'open' parks the partner's traffic whatever its health, 'closed' sends it whatever
  -- its failures. Every change is in the audit record.
  forced text CHECK (forced IN ('open', 'closed')),
  forced_by text,
  forced_reason text,
  forced_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Windows a partner announces (the national portal publishes its maintenance): its traffic parks from the start
-- and drains at the partner's rate from the end. Cancelled windows are kept, as the audit record is.
CREATE TABLE maintenance_window (
  id bigserial PRIMARY KEY,
  partner text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  reason text NOT NULL,
  declared_by text NOT NULL,
  declared_at timestamptz NOT NULL DEFAULT now(),
  cancelled_by text,
  cancelled_at timestamptz,
  CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_window_by_partner ON maintenance_window (partner, ends_at) WHERE cancelled_at IS NULL;

-- Down Migration
DROP TABLE maintenance_window;
DROP TABLE partner_breaker;
