import { TestingModule } from '@nestjs/testing';
import { validateEnvironment } from '@lgsp/config';
import { OutboxRelay, OutboxWriter, createEnvelope } from '@lgsp/messaging';
import { DatabaseService, OutboxRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

const ENTRIES = 20;

describe('transactional outbox: a relay that stops answering while it holds the lock', () => {
  const env = createTestEnvironment('relaylock', {
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1000',
    KAFKA_HANDLER_TIMEOUT_MS: '500',
    DATABASE_LOCK_TIMEOUT_MS: '800',
    DATABASE_STATEMENT_TIMEOUT_MS: '5000',
    NATIONAL_PORTAL_TIMEOUT_MS: '100',
    ONE_STOP_TIMEOUT_MS: '500',
  });
  let app: TestingModule;
  let stuckDb: DatabaseService | undefined;

  beforeAll(async () => {
    app = await startMessagingApp({ overrides: env.overrides, withRelay: true });
  });

  afterAll(async () => {
    await stuckDb?.onApplicationShutdown();
    await app?.close();
    await env.release();
  });

  it('gives every connection the configured timeouts', async () => {
    const [settings] = await app.get(DatabaseService).query<Record<string, string>>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
         current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    expect(settings).toEqual({ statement: '5s', lock: '800ms', idle: '1s' });
  });

  it('loses the lock to the database, so another relay publishes', async () => {
    const relay = app.get(OutboxRelay);
    await relay.stop();
    const db = app.get(DatabaseService);
    await db.transaction(async (tx) => {
      for (let seq = 0; seq < ENTRIES; seq++) {
        const envelope = createEnvelope({
          type: 'test.event',
          contractVersion: 1,
          key: 'k',
          payload: { seq },
          source: 'test',
        });
        await app.get(OutboxWriter).add(tx, TEST_TOPIC, envelope);
      }
    });
    // A relay on another host, frozen mid-publish (or gone without closing its connection): its transaction,
    // and the lock, stay open until the database ends the idle session.
    const stuckClient = `${env.prefix}-stuck`;
    stuckDb = new DatabaseService(validateEnvironment({ ...env.overrides, KAFKA_CLIENT_ID: stuckClient }));
    let unfreeze!: () => void;
    const frozen = new Promise<void>((resolve) => (unfreeze = resolve));
    const stuckPass = new OutboxRepository(stuckDb).publishBatch(500, async () => {
      await frozen;
      return 0;
    });
    try {
      await expectEventually(async () => {
        const [holder] = await db.query<{ application_name: string }>(
          `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)
           WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1`,
          [stuckClient],
        );
        expect(holder).toBeDefined();
      });
      await expectEventually(async () => expect(await relay.drain()).toBe(ENTRIES), { timeoutMs: 15_000 });
    } finally {
      unfreeze();
    }
    // The frozen relay finds its session ended when it wakes: it publishes nothing more and marks nothing.
    await expect(stuckPass).rejects.toThrow();
  });
});
