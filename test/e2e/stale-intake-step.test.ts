import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import {
  DatabaseService,
  DeadLetterRepository,
  DossierLedgerRepository,
  DossierTraceRepository,
  LedgerEntry,
  StoredTraceEntry,
} from '@lgsp/persistence';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

interface PortalHistory {
  current: Record<string, unknown>;
  progress: { update: Record<string, unknown> }[];
}

interface Receipt {
  eventId: string;
  outcome: string;
}

const BASE = Date.UTC(2025, 7, 1, 1, 0, 0);
const CLIENT = 'one-stop-stale-intake';

/**
 * The one-stop system sends a dossier's status changes out of order: the later change reaches the gateway first,
 * so the earlier one is answered `stale`. It must not move the dossier's status back (ledger or portal record),
 * but its processing step still belongs on the portal, which keeps every step.
 */
describe('dossier exchange: a status change the gateway answered stale', () => {
  let bus: BusUnderTest;
  /** The one-stop system's own client: its stale events are counted under its id. */
  let oneStop: { authorization: string };

  beforeAll(async () => {
    bus = await startBusUnderTest('stale-intake', {
      KAFKA_IN_PLACE_RETRIES: '0',
      // Long enough that a change waiting in a retry topic is still waiting when the next REST call is consumed.
      KAFKA_RETRY_DELAYS_MS: '8000,8000,8000',
      // The feed poller shares the portal's breaker; quiet, it cannot open it while the portal fails on purpose.
      NATIONAL_PORTAL_FEED_POLL_MS: '600000',
    });
    const client = await createTestClient(bus.env.schema, { clientId: CLIENT, scopes: ['dossier:write'] });
    oneStop = bearer(await requestToken(listeningUrl(bus.gateway), client));
  });

  afterAll(async () => {
    await bus?.close();
  });

  const portal = () => bus.simulators.controls.nationalPortal;

  async function post(path: string, body: Record<string, unknown>): Promise<Receipt> {
    const response = await bus.api.post<Receipt>(path, body, { headers: oneStop });
    expect(response.status).toBe(202);
    return response.data;
  }

  const change = (code: string, status: number, minute: number): Promise<Receipt> =>
    post(`/v1/dossiers/${code}/status-changes`, statusChange(code, status, minute, BASE));

  async function history(code: string): Promise<PortalHistory> {
    const { data } = await bus.portalAdmin.get<PortalHistory>(`/admin/portal/dossiers/${code}`);
    return data;
  }

  const steps = async (code: string): Promise<unknown[]> =>
    (await history(code)).progress.map((entry) => entry.update.NoiDungXuLy);

  async function ledger(code: string): Promise<LedgerEntry | undefined> {
    const ledgers = bus.gateway.get(DossierLedgerRepository);
    return bus.gateway.get(DatabaseService).transaction((tx) => ledgers.lock(tx, code));
  }

  const trace = (code: string): Promise<StoredTraceEntry[]> =>
    bus.worker.get(DossierTraceRepository).timeline(code);

  async function registered(code: string, index: number): Promise<void> {
    await post('/v1/dossiers', dossierRegistration(code, index, BASE));
    await expectEventually(async () => expect((await portalDossiers(bus)).has(code)).toBe(true));
  }

  it('delivers its step to the portal, leaving the ledger and the portal’s status at the later change', async () => {
    const code = 'H56.22-stale-intake-1';
    await registered(code, 1);
    await change(code, 2, 1);
    const later = await change(code, 4, 5);
    await expectEventually(async () => expect((await portalDossiers(bus)).get(code)?.status).toBe(4));

    const late = await change(code, 2, 3);
    expect(late.outcome).toBe('stale');

    await expectEventually(
      async () =>
        expect(await steps(code)).toEqual([
          'Bước 1: chuyển trạng thái 2',
          'Bước 5: chuyển trạng thái 4',
          'Bước 3: chuyển trạng thái 2',
        ]),
      { timeoutMs: 20_000 },
    );
    expect((await history(code)).current.TrangThaiHoSo).toBe(4);
    expect((await portalDossiers(bus)).get(code)).toMatchObject({
      status: 4,
      syncCount: 3,
      progressCount: 3,
    });
    expect(await ledger(code)).toMatchObject({
      status: 4,
      statusOccurredAt: new Date(BASE + 5 * 60_000),
      lastEventId: later.eventId,
    });
    const lines = (await trace(code)).filter((entry) => entry.messageId === late.eventId);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stage: 'stale', system: 'one-stop' }),
        expect.objectContaining({
          stage: 'stale',
          system: 'national-portal',
          detail: expect.objectContaining({ step: 'delivered' }),
        }),
      ]),
    );
    const stale = await bus.api.get<{ clients: unknown[] }>(`/v1/ops/stale-events`);
    expect(stale.data.clients).toEqual([expect.objectContaining({ clientId: CLIENT, staleEvents: 1 })]);
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });

  it('sends only its step even while the later change still waits in a retry topic', async () => {
    // The connector's own record is behind the ledger here: without the gateway's word that the event is stale,
    // it would take it for the newest and send the dossier to the portal with that status.
    const code = 'H56.22-stale-intake-2';
    await registered(code, 2);
    await portal().set({ errorRate: 1, errorReply: 'http500' });
    await change(code, 2, 5);
    await expectEventually(async () =>
      expect((await trace(code)).map((entry) => entry.stage)).toContain('retried'),
    );
    await portal().clear();

    expect((await change(code, 2, 3)).outcome).toBe('stale');
    await expectEventually(async () => expect(await steps(code)).toEqual(['Bước 3: chuyển trạng thái 2']), {
      timeoutMs: 20_000,
    });
    expect((await portalDossiers(bus)).get(code)).toMatchObject({ status: 1, syncCount: 1 });

    await expectEventually(
      async () =>
        expect(await steps(code)).toEqual(['Bước 3: chuyển trạng thái 2', 'Bước 5: chuyển trạng thái 2']),
      { timeoutMs: 30_000 },
    );
    expect((await portalDossiers(bus)).get(code)).toMatchObject({
      status: 2,
      syncCount: 2,
      progressCount: 2,
    });
    expect(await bus.worker.get(DeadLetterRepository).list({})).toEqual([]);
  });
});
