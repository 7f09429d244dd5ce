import { DeadLetterRepository } from '@lgsp/persistence';
import { payDossierFees } from '../../apps/demo/dossier-payments';
import { ResettingProxy, startResettingProxy } from '../support/chaos/resetting-proxy';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { behindOnPortal, notAppliedOnce, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

/**
 * Connections between the bus and the national portal reset in the middle of the portal's answers: the portal
 * handled each of those calls, the bus got part of an answer and ECONNRESET. Every step must still reach the
 * portal exactly once, and nothing may be dead-lettered because of it.
 */
describe('dossier exchange: connections to the portal reset mid-answer', () => {
  let proxy: ResettingProxy | undefined;
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('resets', async (simulators) => {
      proxy = await startResettingProxy(simulators.urls.nationalPortal);
      // Rare polls: the feed poller shares the breaker, and this test is about dossier calls.
      return { NATIONAL_PORTAL_URL: proxy.url, NATIONAL_PORTAL_FEED_POLL_MS: '3600000' };
    });
  });

  afterAll(async () => {
    await bus?.close();
    await proxy?.close();
  });

  it('applies every step once however many answers were cut', async () => {
    const resetting = proxy as ResettingProxy;
    // Logged in first: a login cut off is retried like any call, but the test is about dossier calls.
    const [warmUp] = await sendDossierLifeCycles(bus, 'resets-warm-up', 1);
    await expectEventually(async () => expect((await portalDossiers(bus)).get(warmUp)?.status).toBe(10));
    resetting.setResetRate(0.3);
    const codes = await sendDossierLifeCycles(bus, 'resets', 20);
    await expectEventually(() => expect(resetting.resets()).toBeGreaterThanOrEqual(3), { timeoutMs: 60_000 });
    await expectEventually(async () => expect(await behindOnPortal(bus, codes)).toEqual([]), {
      timeoutMs: 180_000,
      intervalMs: 500,
    });
    resetting.setResetRate(0);
    expect(await notAppliedOnce(bus, codes)).toEqual([]);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  }, 300_000);

  it('marks each paid fee on the portal once however many answers were cut', async () => {
    const resetting = proxy as ResettingProxy;
    const codes = await sendDossierLifeCycles(bus, 'paid', 4);
    await expectEventually(async () => expect(await behindOnPortal(bus, codes)).toEqual([]), {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    const resetsBefore = resetting.resets();
    // The first fee sync's answer is cut, and so is the look-up made before it is sent again.
    resetting.resetNext(2);
    const admins = { payment: bus.paymentAdmin, oneStop: bus.oneStopAdmin, portal: bus.portalAdmin };
    const until = (condition: () => Promise<boolean>, timeoutMs: number): Promise<void> =>
      expectEventually(async () => expect(await condition()).toBe(true), { timeoutMs, intervalMs: 500 }).then(
        () => undefined,
      );
    const payments = await payDossierFees(bus.api, admins, codes, until, 180_000);
    expect(resetting.resets()).toBe(resetsBefore + 2);
    const paid = payments.filter((payment) => payment.state === 'paid').map((payment) => payment.dossierCode);
    expect(paid.length).toBeGreaterThan(0);
    const held = await portalDossiers(bus);
    // Its life cycle's six DongBoHoSoMC, and one more per paid order: a resent fee sync would add another.
    expect(codes.map((code) => [code, held.get(code)?.syncCount])).toEqual(
      codes.map((code) => [code, 1 + 5 + (paid.includes(code) ? 1 : 0)]),
    );
  }, 360_000);
});
