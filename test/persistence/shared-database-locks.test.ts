import { Client } from 'pg';
import { DossierLedgerRepository, migrateSchema } from '@lgsp/persistence';
import { databaseSession } from '../support/persistence/database-session';
import { createTestEnvironment, databaseUrl } from '../support/test-environment';

/**
 * Two deployments (two provinces, or a staging bus beside production) may share one PostgreSQL database in
 * separate schemas. Advisory locks belong to the whole database, so a dossier lock keyed by its code alone made
 * one deployment wait on the other's dossier of the same code.
 */
describe('deployments sharing a database', () => {
  const first = createTestEnvironment('locks-a');
  const second = createTestEnvironment('locks-b');
  const sessions: Client[] = [];

  beforeAll(async () => {
    await migrateSchema(databaseUrl(), first.schema);
    await migrateSchema(databaseUrl(), second.schema);
    // Lock waits cut short, so a wait shows.
    sessions.push(await databaseSession(first.schema, 1_000), await databaseSession(second.schema, 1_000));
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.end()));
    await first.release();
    await second.release();
  });

  it("do not wait on each other's lock of a dossier with the same code", async () => {
    const [firstSession, secondSession] = sessions;
    const ledger = new DossierLedgerRepository();
    const code = 'H56.22-SHARED-000001';
    await firstSession.query('BEGIN');
    await ledger.lock(firstSession, code);
    await ledger.lockAll(firstSession, [code]);
    await secondSession.query('BEGIN');
    try {
      await expect(ledger.lock(secondSession, code)).resolves.toBeUndefined();
      await expect(ledger.lockAll(secondSession, [code])).resolves.toBeUndefined();
    } finally {
      await secondSession.query('ROLLBACK');
      await firstSession.query('ROLLBACK');
    }
  });
});
