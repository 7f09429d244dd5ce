import { DeadLetterRepository } from '@lgsp/persistence';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { ConsumerRuntime } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { STATUS_PATH, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

interface PortalHistory {
  current: Record<string, unknown>;
  progress: { update: Record<string, unknown> }[];
}

async function expectAllSynchronised(bus: BusUnderTest, codes: string[], timeoutMs: number): Promise<void> {
  await expectEventually(
    async () => {
      const held = await portalDossiers(bus);
      const behind = codes.filter(
        (code) => held.get(code)?.status !== 10 || held.get(code)?.progressCount !== 5,
      );
      expect(behind).toEqual([]);
      for (const code of codes) {
        // One DongBoHoSoMC for the registration and one per status change: nothing applied twice.
        expect(held.get(code)).toMatchObject({
          syncCount: 1 + STATUS_PATH.length,
          progressCount: STATUS_PATH.length,
        });
      }
    },
    { timeoutMs, intervalMs: 500 },
  );
}

describe('dossier exchange: one-stop system → bus → national portal', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('exchange');
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('applies 1,000 dossiers with 5 status changes each exactly once, with progress in order', async () => {
    const codes = await sendDossierLifeCycles(bus, 'bulk', 1_000);
    await expectAllSynchronised(bus, codes, 180_000);
    for (const code of codes.slice(0, 50)) {
      const { data } = await bus.portalAdmin.get<PortalHistory>(`/admin/portal/dossiers/${code}`);
      expect(data.progress.map((entry) => entry.update.TrangThai)).toEqual([...STATUS_PATH]);
    }
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  }, 300_000);

  it('parks traffic during a 30 s portal outage and synchronises everything once after it', async () => {
    const portal = bus.simulators.controls.nationalPortal;
    const runtime = bus.worker.get(ConsumerRuntime);
    const first = await sendDossierLifeCycles(bus, 'outage', 100);
    await portal.set({ outage: 'http503', outageMs: 30_000 });
    const during = await sendDossierLifeCycles(bus, 'outage', 200, 100);
    await expectEventually(() => expect(runtime.isPaused('national-portal')).toBe(true), {
      timeoutMs: 20_000,
    });
    // What an operator sees meanwhile, on the worker's ops endpoint (with the same client's token).
    const ops = await bus.api.get<{ connectors: { name: string; paused: boolean }[] }>(
      `${listeningUrl(bus.worker)}/v1/ops/connectors`,
    );
    expect(ops.status).toBe(200);
    expect(ops.data.connectors.find((connector) => connector.name === 'national-portal')).toMatchObject({
      paused: true,
    });
    await expectAllSynchronised(bus, [...first, ...during], 150_000);
    expect(runtime.isPaused('national-portal')).toBe(false);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
    const trace = await bus.api.get<{ entries: { stage: string }[] }>(`/v1/dossiers/${during[0]}/trace`);
    expect(trace.data.entries.map((entry) => entry.stage)).toContain('delivered');
  }, 240_000);

  it('logs in again once when the portal session expires, and fails no dossier', async () => {
    const before = (await bus.portalAdmin.get<{ logins: number }>('/admin/portal/stats')).data.logins;
    const first = await sendDossierLifeCycles(bus, 'session', 50);
    await expectAllSynchronised(bus, first, 60_000);
    await bus.portalAdmin.post('/admin/portal/sessions/expire');
    const after = await sendDossierLifeCycles(bus, 'session', 50, 50);
    await expectAllSynchronised(bus, after, 60_000);
    expect((await bus.portalAdmin.get<{ logins: number }>('/admin/portal/stats')).data.logins).toBe(
      before + 1,
    );
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  }, 180_000);

  it('dead-letters a dossier the portal rejects, with the refusal in its trace and the portal’s reason for operators and the one-stop system', async () => {
    const [code] = await sendDossierLifeCycles(bus, 'reject', 1);
    const { dossierRegistration } = await import('@lgsp/contracts/examples/dossier.examples');
    const rejected = `${code}-X`;
    const body = { ...dossierRegistration(rejected, 1), procedureCode: '9.999999.000.00.00.H56' };
    expect((await bus.api.post('/v1/dossiers', body)).status).toBe(202);
    const letters = await expectEventually(async () => {
      const open = await bus.worker.get(DeadLetterRepository).list({ status: 'open' });
      expect(open.map((letter) => letter.key)).toEqual([rejected]);
      return open;
    });
    expect(letters[0].reasonCode).toBe('rejected_by_partner');
    expect(letters[0].reason).toMatch(/danh mục quốc gia/);
    const trace = await bus.api.get<{ entries: { stage: string; detail: { reason?: string } }[] }>(
      `/v1/dossiers/${rejected}/trace`,
    );
    const deadLettered = trace.data.entries.find((entry) => entry.stage === 'dead-lettered');
    // The public trace names the partner, the call and its error code; the partner's own words stay with
    // operators (the dead letter) and the one-stop system (below).
    expect(deadLettered?.detail.reason).toMatch(
      /^National portal refused \w+ \(error_code \S+\): \[partner text withheld\]$/u,
    );
    // The one-stop system is told, so an officer can act on the dossier.
    const told = await expectEventually(async () => {
      const { data } = await bus.oneStopAdmin.get<
        { body: { payload: { connector: string; reason: string } } }[]
      >('/admin/one-stop/received', { params: { kind: 'delivery-failures', key: rejected } });
      expect(data).toHaveLength(1);
      return data[0];
    });
    expect(told.body.payload).toMatchObject({
      connector: 'national-portal',
      reason: expect.stringMatching(/danh mục/),
    });
  });
});
