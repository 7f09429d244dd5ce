import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { behindOnPortal, notAppliedOnce, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

interface ReceivedCall {
  body: { service?: string };
  fault?: string;
}

async function receivedCalls(bus: BusUnderTest, service: string): Promise<ReceivedCall[]> {
  const { data } = await bus.portalAdmin.get<{ requests: ReceivedCall[] }>('/admin/received', {
    params: { path: '/dvcqg/integration', contains: service, limit: 10_000 },
  });
  return data.requests.filter((call) => call.body.service === service);
}

/** Dossier calls the portal applied and answered with a garbled reply. */
async function garbledDossierCalls(bus: BusUnderTest): Promise<ReceivedCall[]> {
  const calls = [
    ...(await receivedCalls(bus, 'DongBoHoSoMC')),
    ...(await receivedCalls(bus, 'CapNhatTienDoHoSoMC')),
  ];
  return calls.filter((call) => call.fault === 'malformed');
}

/**
 * The portal applies a share of calls and then garbles its answer: the bus cannot tell whether they took effect,
 * the outcome a client of any partner must survive. Sent again blindly, each would be a second step on the
 * dossier's history. The bus asks the portal what it holds (TraCuuHoSo) before sending such a call again.
 */
describe('dossier exchange: a portal whose answers cannot be read', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    // The filed-dossier poller shares the portal's breaker: with every answer garbled, its polls would open the
    // breaker before the first dossier call left, then win every half-open probe, and no dossier call would go out.
    bus = await startBusUnderTest('unread', { NATIONAL_PORTAL_FEED_POLL_MS: '3600000' });
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('applies every step once, asking the portal first after an answer it could not read', async () => {
    const portal = bus.simulators.controls.nationalPortal;
    // Logged in first (a garbled login would keep every call from leaving): one dossier goes through unharmed.
    const [warmUp] = await sendDossierLifeCycles(bus, 'unread-warm-up', 1);
    await expectEventually(async () => expect((await portalDossiers(bus)).get(warmUp)?.status).toBe(10));
    // Every answer garbled until some dossier calls were applied without a readable answer, then a quarter.
    await portal.set({ malformedRate: 1 });
    const codes = await sendDossierLifeCycles(bus, 'unread', 20);
    await expectEventually(async () => expect((await garbledDossierCalls(bus)).length).toBeGreaterThan(0));
    await portal.set({ malformedRate: 0.25 });
    await expectEventually(async () => expect(await behindOnPortal(bus, codes)).toEqual([]), {
      timeoutMs: 240_000,
      intervalMs: 500,
    });
    await portal.clear();
    expect(await notAppliedOnce(bus, codes)).toEqual([]);
    // The bus looked up what the portal held before sending those calls again.
    const lookUps = await receivedCalls(bus, 'TraCuuHoSo');
    expect(lookUps.length).toBeGreaterThan(0);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });
});
