import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { ChaosBus, startChaosBus } from '../support/chaos/chaos-bus';
import { expectEventually } from '../support/expect-eventually';
import type { PortalDossierSummary } from '../support/e2e/bus-under-test';

const CODE = 'H56.22-killed-000001';
const BASE = Date.UTC(2025, 7, 1, 1, 0, 0);

/**
 * A worker killed while the portal has applied its call and the answer is still on its way: no rollback runs, so
 * only a note made before the call tells the next worker that the call may have gone through. It must ask the
 * portal, not send the call again.
 */
describe('dossier exchange: a worker killed in the middle of a portal call', () => {
  let bus: ChaosBus;

  const onPortal = async (): Promise<PortalDossierSummary | undefined> => {
    const { data } = await bus.admins.portal.get<PortalDossierSummary[]>('/admin/portal/dossiers');
    return data.find((dossier) => dossier.maHoSo === CODE);
  };

  beforeAll(async () => {
    bus = await startChaosBus({ name: 'killed-mid-call', gateways: 1, workers: 1 });
  });

  afterAll(() => bus?.close());

  it('does not send the call again once another worker takes over', async () => {
    const portal = bus.proxies.nationalPortal;
    expect((await bus.api.post('/v1/dossiers', dossierRegistration(CODE, 1, BASE))).status).toBe(202);
    await expectEventually(async () => expect((await onPortal())?.syncCount).toBe(1), { timeoutMs: 60_000 });

    portal.holdAnswers(true);
    expect(
      (await bus.api.post(`/v1/dossiers/${CODE}/status-changes`, statusChange(CODE, 2, 1, BASE))).status,
    ).toBe(202);
    // The portal applied the status change's DongBoHoSoMC (its own record says so); the worker waits for the answer.
    await expectEventually(async () => expect((await onPortal())?.syncCount).toBe(2), {
      timeoutMs: 60_000,
    });
    expect(portal.held()).toBeGreaterThan(0);
    bus.kill('worker-1');
    portal.holdAnswers(false);
    await bus.restart('worker-1');

    expect(
      (await bus.api.post(`/v1/dossiers/${CODE}/status-changes`, statusChange(CODE, 4, 2, BASE))).status,
    ).toBe(202);
    // The run's step goes after its sync: once both steps are there, every call of the test has been made.
    await expectEventually(
      async () => expect(await onPortal()).toMatchObject({ status: 4, progressCount: 2 }),
      {
        timeoutMs: 90_000,
      },
    );
    expect(await onPortal()).toMatchObject({ syncCount: 3, progressCount: 2 });
  }, 240_000);
});
