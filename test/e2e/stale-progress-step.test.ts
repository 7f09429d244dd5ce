import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { DeadLetterRepository, DossierTraceRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

interface PortalHistory {
  current: Record<string, unknown>;
  progress: { update: Record<string, unknown> }[];
}

const BASE = Date.UTC(2025, 6, 1, 1, 0, 0);

/**
 * A status change that failed once goes to a retry topic (no in-place tries here) and waits its turn there; the
 * next change of the same dossier overtakes it. When the first comes back it is stale: it must not move the
 * dossier's status back, but its processing step still belongs on the portal, or in a dead letter.
 */
describe('dossier exchange: a status change overtaken while it waited for a retry', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('stale', {
      KAFKA_IN_PLACE_RETRIES: '0',
      KAFKA_RETRY_DELAYS_MS: '3000,3000,3000',
      // The feed poller shares the portal's breaker; quiet, it cannot open it while the portal fails on purpose.
      NATIONAL_PORTAL_FEED_POLL_MS: '600000',
    });
  });

  afterAll(async () => {
    await bus?.close();
  });

  const portal = () => bus.simulators.controls.nationalPortal;

  async function post(path: string, body: Record<string, unknown>): Promise<void> {
    const response = await bus.api.post(path, body);
    expect(response.status).toBe(202);
  }

  async function stages(code: string): Promise<string[]> {
    const timeline = await bus.worker.get(DossierTraceRepository).timeline(code);
    return timeline.filter((entry) => entry.system === 'national-portal').map((entry) => entry.stage);
  }

  /** Registers the dossier, then sends its first change while the portal fails, and its second once it is back. */
  async function overtake(code: string, index: number): Promise<void> {
    await post('/v1/dossiers', dossierRegistration(code, index, BASE));
    await expectEventually(async () => expect((await portalDossiers(bus)).has(code)).toBe(true));
    await portal().set({ errorRate: 1, errorReply: 'http500' });
    await post(`/v1/dossiers/${code}/status-changes`, statusChange(code, 2, 1, BASE));
    await expectEventually(async () => expect(await stages(code)).toContain('retried'));
    await portal().clear();
    await post(`/v1/dossiers/${code}/status-changes`, statusChange(code, 4, 2, BASE));
    // Both steps of the second change delivered (status, then its processing step): only the first is stale.
    await expectEventually(async () =>
      expect((await portalDossiers(bus)).get(code)).toMatchObject({ status: 4, progressCount: 1 }),
    );
  }

  it('delivers the stale change’s step to the portal without moving its status back', async () => {
    const code = 'H56.22-stale-000001';
    await overtake(code, 1);
    const history = await expectEventually(
      async () => {
        const { data } = await bus.portalAdmin.get<PortalHistory>(`/admin/portal/dossiers/${code}`);
        expect(data.progress.map((entry) => entry.update.TrangThai)).toEqual([4, 2]);
        return data;
      },
      { timeoutMs: 20_000 },
    );
    expect(history.current.TrangThaiHoSo).toBe(4);
    // The run's trace commits after the portal answered its call: wait for it rather than read it at once.
    await expectEventually(async () => expect(await stages(code)).toContain('stale'));
    expect((await portalDossiers(bus)).get(code)).toMatchObject({
      status: 4,
      syncCount: 2,
      progressCount: 2,
    });
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });

  it('dead-letters the stale change, with the reason, when its step cannot be delivered', async () => {
    const code = 'H56.22-stale-000002';
    await overtake(code, 2);
    // The portal fails again for every remaining hop of the stale change.
    await portal().set({ errorRate: 1, errorReply: 'http500' });
    const letters = await expectEventually(
      async () => {
        const open = await bus.worker.get(DeadLetterRepository).list({ status: 'open' });
        expect(open.map((letter) => letter.key)).toEqual([code]);
        return open;
      },
      { timeoutMs: 30_000 },
    );
    await portal().clear();
    // A retried event asks the portal first (TraCuuHoSo), so the failing call may be the look-up or the step.
    expect(letters[0].reason).toMatch(/(CapNhatTienDoHoSoMC|TraCuuHoSo).*HTTP 500/);
    expect((await portalDossiers(bus)).get(code)).toMatchObject({ status: 4, progressCount: 1 });
    await expectEventually(async () => expect(await stages(code)).toContain('dead-lettered'));
  });
});
