import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { STATUS_PATH, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

interface ReceivedRequest {
  fault?: string;
  status?: number;
}

describe('national portal connector: the portal rate limit', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('ratelimit', { NATIONAL_PORTAL_RATE_PER_SECOND: '5' });
    // The portal refuses (429) anything beyond 8 calls in a clock second. The bus keeps to 5 a second with a
    // burst of 1, so no second ever sees more than 6; without the limit, a batch of calls arrives at once.
    await bus.simulators.controls.nationalPortal.set({ rateLimitPerSecond: 8 });
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('keeps to the configured rate, so the portal never has to refuse a call', async () => {
    const codes = await sendDossierLifeCycles(bus, 'rate', 30);
    await expectEventually(
      async () => {
        const held = await portalDossiers(bus);
        expect(codes.filter((code) => held.get(code)?.progressCount !== STATUS_PATH.length)).toEqual([]);
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const { data } = await bus.portalAdmin.get<{ requests: ReceivedRequest[] }>('/admin/received', {
      params: { limit: 10_000 },
    });
    const requests = data.requests;
    // The portal takes lists, so the bus needs far fewer calls than events; enough of them to meet the limit.
    expect(requests.length).toBeGreaterThanOrEqual(15);
    expect(requests.filter((request) => request.status === 429 || request.fault === 'rate-limited')).toEqual(
      [],
    );
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });
});
