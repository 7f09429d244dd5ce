import { Client } from 'pg';
import { DatabaseService, DossierDeliveryRepository, migrateSchema } from '@lgsp/persistence';
import { validateEnvironment } from '@lgsp/config';
import { expectEventually } from '../support/expect-eventually';
import { databaseSession } from '../support/persistence/database-session';
import { createTestEnvironment, databaseUrl } from '../support/test-environment';

/**
 * A dossier's registration and a payment of it are read by different consumers (two topics). Under broker
 * failures both runs met before the dossier's first delivery had committed: with no row to lock, each built the
 * portal's record alone, and the registration's later commit overwrote the record with the fee marked paid, so
 * every later status change sent the fee unpaid (chaos, brokers-killed).
 */
describe('locking a dossier toward a destination before its first delivery', () => {
  const env = createTestEnvironment('delivlock');
  const db = new DatabaseService(validateEnvironment(env.overrides));
  const deliveries = new DossierDeliveryRepository(db);
  const sessions: Client[] = [];
  const code = 'H56.22-LOCK-000001';

  beforeAll(async () => {
    await migrateSchema(databaseUrl(), env.schema);
    sessions.push(await databaseSession(env.schema), await databaseSession(env.schema));
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.end()));
    await db.onApplicationShutdown();
    await env.release();
  });

  it('makes a second run wait, then read the record the first committed', async () => {
    const [first, second] = sessions;
    await first.query('BEGIN');
    expect((await deliveries.lockMany(first, [code], 'national-portal')).size).toBe(0);
    await second.query('BEGIN');
    const { rows: backend } = await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    let secondRead = false;
    const waiting = deliveries.lockMany(second, [code], 'national-portal').finally(() => (secondRead = true));
    await expectEventually(async () => {
      const { rows } = await first.query<{ waiting: boolean }>(
        `SELECT wait_event_type = 'Lock' AS waiting FROM pg_stat_activity WHERE pid = $1`,
        [backend[0].pid],
      );
      expect(rows[0]?.waiting).toBe(true);
    });
    expect(secondRead).toBe(false);
    await deliveries.recordMany(first, [
      {
        dossierCode: code,
        destination: 'national-portal',
        messageId: '00000000-0000-4000-8000-00000000000a',
        eventType: 'payment.completed',
        occurredAt: new Date('2026-11-20T08:00:00Z'),
        synchronised: true,
        partnerRecord: { MaHoSo: code, paid: true },
        count: 1,
      },
    ]);
    await first.query('COMMIT');
    const held = await waiting;
    await second.query('ROLLBACK');
    expect(held.get(code)?.partnerRecord).toEqual({ MaHoSo: code, paid: true });
  });
});
