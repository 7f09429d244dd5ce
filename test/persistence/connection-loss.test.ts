import { join } from 'node:path';
import axios from 'axios';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { validateEnvironment } from '@lgsp/config';
import { TopicNames } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { readTopic, withClient } from '../support/messaging/messaging-app';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { AppProcess, startAppProcess } from '../support/persistence/app-process';

/** What a PostgreSQL failover or an operator does to the bus's connections. */
async function terminateBackends(where: { applicationName: string } | { pid: number }): Promise<number> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ terminated: string }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS terminated FROM pg_stat_activity
       WHERE ${'pid' in where ? 'pid = $1' : 'application_name = $1'}`,
      ['pid' in where ? where.pid : where.applicationName],
    );
    return Number(rows[0].terminated);
  });
}

describe('persistence: a lost database connection', () => {
  const env = createTestEnvironment('connloss');
  const base = Date.now() - 3_600_000;
  let gateway: AppProcess | undefined;
  let db: DatabaseService | undefined;

  afterAll(async () => {
    await gateway?.stop();
    await db?.onApplicationShutdown();
    await env.release();
  });

  it('does not end the gateway process: it keeps accepting dossiers and publishing them', async () => {
    gateway = await startAppProcess(
      join(__dirname, '../support/persistence/gateway.process.ts'),
      env.overrides,
    );
    const client = await createTestClient(env.schema, { clientId: 'one-stop-connloss' });
    const api = axios.create({
      baseURL: gateway.readyLine,
      headers: bearer(await requestToken(gateway.readyLine, client)),
      validateStatus: () => true,
    });
    let accepted = 0;
    const register = async (index: number): Promise<number> => {
      const { status } = await api.post(
        '/v1/dossiers',
        dossierRegistration(`H56.22-LOSS-${index}`, index, base),
      );
      if (status === 202) accepted += 1;
      return status;
    };
    expect(await register(0)).toBe(202);

    // Idle pooled connections (the relay's and the request's) are cut.
    expect(await terminateBackends({ applicationName: env.prefix })).toBeGreaterThan(0);
    await expectEventually(async () => expect(await register(1)).toBe(202), { timeoutMs: 10_000 });
    expect(gateway.exitCode()).toBeUndefined();

    // Connections cut while requests are using them: those requests may fail, the process does not.
    const inFlight = Array.from({ length: 30 }, (_, index) => register(100 + index));
    await terminateBackends({ applicationName: env.prefix });
    const statuses = await Promise.all(inFlight);
    expect(statuses.every((status) => status === 202 || status >= 500)).toBe(true);
    await expectEventually(async () => expect(await register(2)).toBe(202), { timeoutMs: 10_000 });
    expect(gateway.exitCode()).toBeUndefined();

    // The outbox relay lost its connection too, and still publishes every accepted event.
    const published = await readTopic(new TopicNames(env.prefix).main('dossier.events'), accepted);
    expect(published.length).toBeGreaterThanOrEqual(accepted);
    expect(gateway.exitCode()).toBeUndefined();
  });

  it('fails the transaction that was using it with its own error, and the pool serves the next one', async () => {
    db = new DatabaseService(validateEnvironment(env.overrides));
    const failed = db.transaction(async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const sleeping = tx.query('SELECT pg_sleep(30)');
      await expectEventually(async () => expect(await terminateBackends({ pid: rows[0].pid })).toBe(1));
      await sleeping;
    });
    // The failover's own error (57P01), not the ROLLBACK's on a dead connection, reaches the caller: as `busy`
    // (503 and Retry-After at the gateway, a back-off in a consumer), with PostgreSQL's error as its cause.
    await expect(failed).rejects.toMatchObject({ code: 'busy', cause: { code: '57P01' } });
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await expect(db.transaction((tx) => tx.query('SELECT 1'))).resolves.toBeDefined();
  });
});
