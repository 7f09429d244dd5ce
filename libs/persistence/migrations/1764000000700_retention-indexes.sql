-- Up Migration
-- The retention job finds expired rows by time; without these indexes each of its batches would scan the table.
-- On a large existing table, create them CONCURRENTLY by hand before upgrading: IF NOT EXISTS then skips them.
CREATE INDEX IF NOT EXISTS processed_message_by_time ON processed_message (processed_at);
CREATE INDEX IF NOT EXISTS idempotency_key_by_time ON idempotency_key (created_at);
CREATE INDEX IF NOT EXISTS outbox_message_published ON outbox_message (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS dossier_trace_by_time ON dossier_trace (recorded_at);
CREATE INDEX IF NOT EXISTS delivery_step_by_time ON delivery_step (done_at);

-- Down Migration
DROP INDEX IF EXISTS delivery_step_by_time;
DROP INDEX IF EXISTS dossier_trace_by_time;
DROP INDEX IF EXISTS outbox_message_published;
DROP INDEX IF EXISTS idempotency_key_by_time;
DROP INDEX IF EXISTS processed_message_by_time;
