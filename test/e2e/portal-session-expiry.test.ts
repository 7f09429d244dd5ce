import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { STATUS_PATH, sendDossierLifeCycles } from '../support/e2e/dossier-traffic';

interface PortalStats {
  logins: number;
  expiredSessions: number;
}

async function stats(bus: BusUnderTest): Promise<PortalStats> {
  return (await bus.portalAdmin.get<PortalStats>('/admin/portal/stats')).data;
}

/**
 * The published guides define only success; a province's portal may answer an expired session with any code.
 * Here it is -1 (not one the client knows), and sessions live two seconds.
 */
describe('dossier exchange: a portal whose sessions expire with an unknown code', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest(
      'sessions',
      {},
      { nationalPortal: { sessionTtlMs: 2_000, sessionExpiredCode: -1 } },
    );
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('logs in again only when a session expired, and fails no dossier', async () => {
    const first = await sendDossierLifeCycles(bus, 'sessions', 20);
    // Across at least one expiry: the second half arrives after the first session has surely ended.
    await expectEventually(async () => expect((await stats(bus)).expiredSessions).toBeGreaterThan(0), {
      timeoutMs: 10_000,
    });
    const second = await sendDossierLifeCycles(bus, 'sessions', 20, 20);
    const codes = [...first, ...second];
    await expectEventually(
      async () => {
        const held = await portalDossiers(bus);
        expect(codes.filter((code) => held.get(code)?.progressCount !== STATUS_PATH.length)).toEqual([]);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const held = await portalDossiers(bus);
    for (const code of codes) {
      expect(held.get(code)).toMatchObject({ status: 10, syncCount: 1 + STATUS_PATH.length });
    }
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
    const { logins, expiredSessions } = await stats(bus);
    expect(logins).toBeLessThanOrEqual(expiredSessions + 1);
  });
});

describe('dossier exchange: a dossier the portal refuses, with the same unknown session code', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    // Sessions outlive the test: the only login after the first is the one the refusal asks for.
    bus = await startBusUnderTest('refusal', {}, { nationalPortal: { sessionExpiredCode: -1 } });
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('logs in again once, and dead-letters it with the portal reason given under the fresh session', async () => {
    const [known] = await sendDossierLifeCycles(bus, 'refusal', 1);
    await expectEventually(async () =>
      expect((await portalDossiers(bus)).get(known)?.progressCount).toBe(STATUS_PATH.length),
    );
    const before = await stats(bus);
    const code = `${known}-X`;
    const body = { ...dossierRegistration(code, 99), procedureCode: '9.999999.000.00.00.H56' };
    expect((await bus.api.post('/v1/dossiers', body)).status).toBe(202);
    const letters = await expectEventually(async () => {
      const open = await bus.worker.get(DeadLetterRepository).list({ status: 'open' });
      expect(open.map((letter) => letter.key)).toEqual([code]);
      return open;
    });
    expect(letters[0].reasonCode).toBe('rejected_by_partner');
    expect(letters[0].reason).toMatch(/danh mục quốc gia/);
    expect((await stats(bus)).logins).toBe(before.logins + 1);
  });
});
