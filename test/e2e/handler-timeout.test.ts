import { Client } from 'pg';
import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { databaseUrl } from '../support/test-environment';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { STATUS_PATH, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

interface ReceivedCall {
  body: { service?: string };
  status?: number;
}

async function deliveredStatuses(bus: BusUnderTest): Promise<Map<string, number>> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ dossier_code: string; last_status: number }>(
      `SELECT dossier_code, last_status FROM ${bus.env.schema}.dossier_delivery WHERE destination = 'national-portal'`,
    );
    return new Map(rows.map((row) => [row.dossier_code, row.last_status]));
  } finally {
    await client.end();
  }
}

/**
 * Every portal call takes 0.9 of the portal timeout, and the session has just expired: a run whose first call
 * must log in again and retry outlives the handler's bound (three portal timeouts) while later calls are in
 * flight.
 */
describe('dossier exchange: a handler that outlives its timeout', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('timeout', {
      NATIONAL_PORTAL_TIMEOUT_MS: '1000',
      KAFKA_HANDLER_TIMEOUT_MS: '3000',
    });
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('stops the abandoned work, and the retry sends only the calls that did not succeed', async () => {
    await bus.simulators.controls.nationalPortal.set({ latencyMs: 900 });
    // A login and a retry in front of the first call of each run.
    await bus.portalAdmin.post('/admin/portal/sessions/expire');
    const codes = await sendDossierLifeCycles(bus, 'timeout', 8);
    await expectEventually(
      async () => {
        const held = await portalDossiers(bus);
        const behind = codes.filter((code) => held.get(code)?.status !== 10);
        expect(behind).toEqual([]);
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    await bus.simulators.controls.nationalPortal.set({ latencyMs: 0 });
    // The delivery table has caught up with the portal (its transaction commits after the last call).
    await expectEventually(async () => {
      const delivered = await deliveredStatuses(bus);
      expect(codes.map((code) => delivered.get(code))).toEqual(codes.map(() => 10));
    });
    const held = await portalDossiers(bus);
    for (const code of codes) {
      // Each step once, each state once: nothing the abandoned handler did was repeated, nothing it skipped lost.
      expect(held.get(code)).toMatchObject({
        status: 10,
        syncCount: 1 + STATUS_PATH.length,
        progressCount: STATUS_PATH.length,
      });
    }
    // The bound was really hit: the cancelled call reached the portal, which never answered it.
    const { data } = await bus.portalAdmin.get<{ requests: ReceivedCall[] }>('/admin/received', {
      params: { path: '/dvcqg/integration' },
    });
    expect(data.requests.filter((call) => call.status === undefined).length).toBeGreaterThan(0);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });
});
