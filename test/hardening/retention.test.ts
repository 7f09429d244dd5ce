import { Test, TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { BusConfigModule } from '@lgsp/config';
import { DatabaseService, PersistenceModule, RetentionJob, RetentionModule } from '@lgsp/persistence';
import { createTestEnvironment } from '../support/test-environment';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Retention against real PostgreSQL: which rows go, which stay, and that deletion goes in small batches. */
describe('retention job', () => {
  const env = createTestEnvironment('retention', {
    RETENTION_BATCH_SIZE: '2',
    RETENTION_INTERVAL_MS: '0',
    RETENTION_IDEMPOTENCY_KEY_HOURS: '24',
    RETENTION_OUTBOX_SENT_HOURS: '1',
    RETENTION_PROCESSED_MESSAGE_HOURS: '200',
    RETENTION_DOSSIER_TRACE_DAYS: '30',
  });
  let module: TestingModule;
  let db: DatabaseService;
  const now = new Date();
  const ago = (ms: number): Date => new Date(now.getTime() - ms);

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [BusConfigModule.forRoot(env.overrides), PersistenceModule, RetentionModule],
    }).compile();
    await module.init();
    db = module.get(DatabaseService);
  });

  afterAll(async () => {
    await module?.close();
    await env.release();
  });

  async function seed(): Promise<void> {
    const insertKey = (key: string, at: Date) =>
      db.query(
        `INSERT INTO idempotency_key (client_id, idempotency_key, request_fingerprint, response_status, response_body, created_at)
         VALUES ('one-stop', $1, 'f', 202, '{}', $2)`,
        [key, at],
      );
    for (let index = 0; index < 5; index += 1) await insertKey(`old-${index}`, ago(25 * HOUR));
    await insertKey('recent', ago(23 * HOUR));

    const insertOutbox = (publishedAt: Date | null, createdAt: Date) =>
      db.query(
        `INSERT INTO outbox_message (message_id, topic, message_key, headers, value, created_at, published_at)
         VALUES ($1, 't', 'k', '{}', '\\x00', $2, $3)`,
        [randomUUID(), createdAt, publishedAt],
      );
    await insertOutbox(ago(2 * HOUR), ago(2 * HOUR));
    await insertOutbox(ago(30 * 60_000), ago(2 * HOUR));
    await insertOutbox(null, ago(10 * DAY)); // never published: kept whatever its age

    const insertProcessed = (at: Date) =>
      db.query(
        `INSERT INTO processed_message (consumer_group, message_id, topic, processed_at) VALUES ('g', $1, 't', $2)`,
        [randomUUID(), at],
      );
    await insertProcessed(ago(201 * HOUR));
    await insertProcessed(ago(199 * HOUR));

    const insertStep = (at: Date) =>
      db.query(
        `INSERT INTO delivery_step (message_id, destination, step, done_at) VALUES ($1, 'national-portal', 'sync', $2)`,
        [randomUUID(), at],
      );
    await insertStep(ago(201 * HOUR));
    await insertStep(ago(1 * HOUR));

    const insertTrace = (at: Date) =>
      db.query(
        `INSERT INTO dossier_trace (dossier_code, stage, system, recorded_at) VALUES ('H56-1', 'received', 'one-stop', $1)`,
        [at],
      );
    await insertTrace(ago(31 * DAY));
    await insertTrace(ago(29 * DAY));

    const insertTiming = (at: Date) =>
      db.query(
        `INSERT INTO delivery_timing (message_id, partner, dossier_code, event_type, occurred_at, accepted_at,
           acknowledged_at) VALUES ($1, 'national-portal', 'H56-1', 'dossier.registered', $2, $2, $2)`,
        [randomUUID(), at],
      );
    await insertTiming(ago(31 * DAY));
    await insertTiming(ago(29 * DAY));

    const insertOutage = (endedAt: Date | null) =>
      db.query(
        `INSERT INTO partner_outage (partner, cause, started_at, ended_at)
         VALUES ('national-portal', 'breaker-open', $1, $2)`,
        [ago(40 * DAY), endedAt],
      );
    await insertOutage(ago(31 * DAY));
    // A period still going on stays, however long ago it began.
    await insertOutage(null);
  }

  const count = async (sql: string): Promise<number> =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0].n;

  it('deletes expired rows of every table in small batches, and keeps the rest', async () => {
    await seed();
    const queries = jest.spyOn(db, 'query');
    const report = await module.get(RetentionJob).run(now);
    const deletes = queries.mock.calls.filter(([sql]) => String(sql).includes('DELETE FROM idempotency_key'));
    queries.mockRestore();

    expect(report).toEqual({
      idempotency_key: 5,
      outbox_message: 1,
      processed_message: 1,
      delivery_step: 1,
      dossier_trace: 1,
      delivery_timing: 1,
      partner_outage: 1,
    });
    // Five expired keys at two per batch: three statements, none holding the table for long.
    expect(deletes).toHaveLength(3);
    expect(await db.query(`SELECT idempotency_key FROM idempotency_key`)).toEqual([
      { idempotency_key: 'recent' },
    ]);
    expect(await count('outbox_message WHERE published_at IS NULL')).toBe(1);
    expect(await count('outbox_message')).toBe(2);
    expect(await count('processed_message')).toBe(1);
    expect(await count('delivery_step')).toBe(1);
    expect(await count('dossier_trace')).toBe(1);
    expect(await count('delivery_timing')).toBe(1);
    expect(await count('partner_outage WHERE ended_at IS NULL')).toBe(1);
    expect(await count('partner_outage')).toBe(1);

    // Nothing left to do: a second run deletes nothing.
    expect(Object.values(await module.get(RetentionJob).run(now))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
