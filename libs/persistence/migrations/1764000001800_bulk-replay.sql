-- Up Migration
-- A replay of many dead letters at once, chosen by a filter, sent at a share of the partner's rate so live traffic
-- keeps the rest. Its letters are the filter's open ones dead-lettered before the replay was asked for, taken in id
-- order: `last_letter_id` is how far it got. One gateway replica runs it at a time (`runner`, `lease_until`); another
-- takes it over when the lease lapses. Paused, it keeps its place; every state change is in the audit record.
CREATE TABLE bulk_replay (
  id bigserial PRIMARY KEY,
  connector text NOT NULL,
  reason text,
  dead_from timestamptz,
  dead_to timestamptz,
  asked_at timestamptz NOT NULL DEFAULT now(),
  rate_per_second double precision NOT NULL CHECK (rate_per_second > 0),
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'paused', 'finished', 'cancelled')),
  total integer NOT NULL,
  replayed integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  last_letter_id bigint NOT NULL DEFAULT 0,
  asked_by text NOT NULL,
  runner text,
  lease_until timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bulk_replay_running ON bulk_replay (id) WHERE state = 'running';

-- Down Migration
DROP TABLE bulk_replay;
