-- Up Migration
-- One row per message id a handler has applied. Written in the same transaction as the handler's effects, so
-- a redelivered message finds its id here and has no second effect.
CREATE TABLE processed_message (
  consumer_group text NOT NULL,
  message_id uuid NOT NULL,
  topic text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);

-- Down Migration
DROP TABLE processed_message;
