import { validateEnvironment } from '@lgsp/config';
import { DatabaseService, PoolExhaustedError } from '@lgsp/persistence';
import { createTestEnvironment } from '../support/test-environment';

describe('persistence: waiting for a pooled connection', () => {
  const env = createTestEnvironment('poolwait', { DATABASE_POOL_SIZE: '1', DATABASE_POOL_WAIT_MS: '300' });
  const db = new DatabaseService(validateEnvironment(env.overrides));
  let release: () => void = () => undefined;

  afterAll(async () => {
    release();
    await db.onApplicationShutdown();
    await env.release();
  });

  it('gives up after DATABASE_POOL_WAIT_MS with an error naming the pool, instead of waiting forever', async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await held;
    });
    const started = Date.now();
    // Bounded by jest's own timeout: without a bound on the wait, this never settles.
    await expect(db.query('SELECT 1')).rejects.toThrow(PoolExhaustedError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await expect(db.transaction((tx) => tx.query('SELECT 1'))).rejects.toThrow(/DATABASE_POOL_SIZE=1/);
    release();
    await holder;
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  }, 20_000);
});
