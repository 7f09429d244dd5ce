-- Up Migration
-- When each partner was out of the bus's reach: one row per period its shared breaker was open (the partner's
-- outage) or an operator held it open. The delay report attributes an event's wait to these periods and to the
-- maintenance windows; a period still going on has no end yet. Times are the database's.
CREATE TABLE partner_outage (
  id bigserial PRIMARY KEY,
  partner text NOT NULL,
  cause text NOT NULL CHECK (cause IN ('breaker-open', 'operator-hold')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX partner_outage_by_partner ON partner_outage (partner, started_at);
-- At most one period of each cause open per partner: replicas racing on a transition settle on one row.
CREATE UNIQUE INDEX partner_outage_one_open ON partner_outage (partner, cause) WHERE ended_at IS NULL;

-- Every event a partner acknowledged, with its times: when it occurred at its source, when the bus accepted it
-- (its intake's trace line; the event's own time for an event the bus made), when the partner acknowledged it,
-- the dossier's due date as the partner holds it, and what the report cannot rebuild afterwards: the first time
-- the partner refused it, and how long its call waited for the partner's rate limit.
CREATE TABLE delivery_timing (
  message_id uuid NOT NULL,
  partner text NOT NULL,
  dossier_code text NOT NULL,
  event_type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  accepted_at timestamptz NOT NULL,
  acknowledged_at timestamptz NOT NULL,
  due_at timestamptz,
  first_refused_at timestamptz,
  rate_limit_ms integer NOT NULL DEFAULT 0 CHECK (rate_limit_ms >= 0),
  PRIMARY KEY (message_id, partner)
);
CREATE INDEX delivery_timing_by_time ON delivery_timing (acknowledged_at);

-- Down Migration
DROP TABLE delivery_timing;
DROP TABLE partner_outage;
