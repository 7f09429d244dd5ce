import { Client } from 'pg';
import { MetricsRegistry } from '@lgsp/observability';
import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { databaseUrl } from '../support/test-environment';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { notAppliedOnce, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

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

interface ReceivedCall {
  body: { service?: string; data?: { MaHoSo?: string }[] };
  status?: number;
}

/** Per "service dossier-code": the portal calls that carried it and were cancelled before their answer. */
async function unansweredCalls(bus: BusUnderTest): Promise<Map<string, number>> {
  const { data } = await bus.portalAdmin.get<{ requests: ReceivedCall[] }>('/admin/received', {
    params: { path: '/dvcqg/integration' },
  });
  const counts = new Map<string, number>();
  for (const call of data.requests.filter((request) => request.status === undefined)) {
    for (const entry of call.body.data ?? []) {
      const key = `${call.body.service} ${entry.MaHoSo}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The bus may call the portal twice a second and every call takes 0.3 s: runs of several partitions queue for
 * their calls' turns and outlive the handler's bound (three portal timeouts) while a call is in flight. Each call
 * stays well inside the portal timeout, so no call's outcome is unknown. The simulated portal applies a call it received even when the caller stopped waiting, as a real server
 * may, so a call in flight at the bound must be awaited and noted, or the retry would send it twice.
 */
describe('dossier exchange: a handler that outlives its timeout', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('timeout', {
      NATIONAL_PORTAL_TIMEOUT_MS: '1000',
      NATIONAL_PORTAL_RATE_PER_SECOND: '2',
      KAFKA_HANDLER_TIMEOUT_MS: '3000',
    });
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('lets the abandoned work finish its call in flight, and the retry sends each step once', async () => {
    await bus.simulators.controls.nationalPortal.set({ latencyMs: 300 });
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
    // Each call reached the portal once: the retry left out what the abandoned run had delivered...
    expect(await notAppliedOnce(bus, codes)).toEqual([]);
    // ...and the abandoned run's call in flight was answered, not cancelled into an unknown outcome.
    expect(await unansweredCalls(bus)).toEqual(new Map());
    // The bound was really hit: handlers were abandoned and their messages tried again.
    const timeouts = await bus.worker
      .get(MetricsRegistry)
      .getSingleMetric('lgsp_consumer_handler_timeouts_total')
      ?.get();
    const abandoned = (timeouts?.values ?? []).reduce((sum, sample) => sum + sample.value, 0);
    expect(abandoned).toBeGreaterThan(0);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });
});
