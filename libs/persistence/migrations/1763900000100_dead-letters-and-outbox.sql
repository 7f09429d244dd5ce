-- Up Migration
-- Operators list, replay and discard dead letters from here; the dead-letter topic carries the same messages
-- for anyone who consumes them from Kafka.
CREATE TABLE dead_letter (
  id bigserial PRIMARY KEY,
  message_id uuid NOT NULL,
  consumer_group text NOT NULL,
  topic text NOT NULL,
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL,
  message_key text,
  headers jsonb NOT NULL,
  value bytea,
  reason_code text NOT NULL,
  reason text NOT NULL,
  attempts integer NOT NULL,
  dead_lettered_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
  resolved_at timestamptz,
  resolution_note text
);
-- A redelivered poison message must not become a second open dead letter.
CREATE UNIQUE INDEX dead_letter_open_once ON dead_letter (consumer_group, message_id) WHERE status = 'open';
CREATE INDEX dead_letter_by_topic_time ON dead_letter (topic, dead_lettered_at);

-- Messages committed with the state change that caused them; the relay publishes them in id order.
CREATE TABLE outbox_message (
  id bigserial PRIMARY KEY,
  message_id uuid NOT NULL UNIQUE,
  topic text NOT NULL,
  message_key text NOT NULL,
  headers jsonb NOT NULL,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_message_unpublished ON outbox_message (id) WHERE published_at IS NULL;

-- Down Migration
DROP TABLE outbox_message;
DROP TABLE dead_letter;
