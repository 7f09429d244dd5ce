import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { MetricsRegistry } from '@lgsp/observability';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import type { ConnectorView, ConnectorsView } from '../../apps/gateway/ops-connectors/connectors.view';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, startBusUnderTest } from '../support/e2e/bus-under-test';

const BASE = Date.UTC(2026, 10, 1, 2, 0, 0);
const PORTAL = 'national-portal';
/** Workers report every second and the gateway reads the backlog every two: a few readings' worth. */
const SOON = { timeoutMs: 20_000, intervalMs: 200 };

/**
 * Operators' cluster view through the gateway: the worker publishes its connectors' state to ops.connector-state,
 * the gateway merges it with the lag it reads from the broker. The national portal goes down while dossiers
 * arrive (open, parked, lag grows), then comes back (closed, lag drained).
 */
describe('GET /v1/ops/connectors on the gateway: breaker, backlog and recovery of the national portal', () => {
  let bus: BusUnderTest;
  let reader: { authorization: string };
  let sent = 0;

  beforeAll(async () => {
    bus = await startBusUnderTest('ops-connectors');
    const client = await createTestClient(bus.env.schema, { clientId: 'ops-viewer', scopes: ['ops:read'] });
    reader = bearer(await requestToken(listeningUrl(bus.gateway), client));
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function view(): Promise<ConnectorsView> {
    const answer = await bus.api.get<ConnectorsView>('/v1/ops/connectors', { headers: reader });
    expect(answer.status).toBe(200);
    return answer.data;
  }

  async function portal(): Promise<ConnectorView> {
    const found = (await view()).connectors.find((connector) => connector.name === PORTAL);
    expect(found).toBeDefined();
    return found as ConnectorView;
  }

  async function register(count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      sent += 1;
      const code = `H56.22-OPS-${String(sent).padStart(6, '0')}`;
      expect((await bus.api.post('/v1/dossiers', dossierRegistration(code, sent, BASE))).status).toBe(202);
    }
  }

  it('refuses a client without ops:read', async () => {
    const client = await createTestClient(bus.env.schema, { clientId: 'no-ops', scopes: ['dossier:read'] });
    const headers = bearer(await requestToken(listeningUrl(bus.gateway), client));
    expect((await bus.api.get('/v1/ops/connectors', { headers })).status).toBe(403);
  });

  it('shows the portal closed and healthy, with its calls, latency and no backlog', async () => {
    await register(2);
    const healthy = await expectEventually(async () => {
      const current = await portal();
      expect(current).toMatchObject({
        state: 'closed',
        health: 'healthy',
        paused: false,
        backlog: { lag: 0, oldestWaitingSeconds: null },
        deadLetters: { open: 0 },
        outboxAgeSeconds: 0,
      });
      expect(current.calls.m1.success).toBeGreaterThan(0);
      return current;
    }, SOON);
    expect(healthy.replicas).toHaveLength(1);
    expect(healthy.replicas[0]).toMatchObject({ state: 'closed' });
    expect(healthy.latencyMs?.p95).toBeGreaterThanOrEqual(healthy.latencyMs?.p50 ?? 0);
    expect(healthy.lastSuccessAt).not.toBeNull();
    expect(healthy.backlog.topics.map((topic) => topic.topic)).toContain('dossier.events');
    expect(Date.parse(healthy.since ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('shows it open, parked and with a backlog that keeps ageing while the portal fails', async () => {
    await bus.simulators.controls.nationalPortal.set({ errorRate: 1 });
    await register(3);
    await expectEventually(async () => {
      expect(await portal()).toMatchObject({ state: 'open', health: 'degraded' });
    }, SOON);
    // Parked: what arrives now waits on the topic.
    await register(3);
    const down = await expectEventually(async () => {
      const current = await portal();
      expect(current.state).not.toBe('closed');
      expect(current.backlog.lag).toBeGreaterThan(0);
      expect(current.backlog.oldestWaitingSeconds).not.toBeNull();
      return current;
    }, SOON);
    // The dossiers wait: the oldest one's age keeps growing, by more than one backlog reading (2 s).
    const waitedAtFirst = down.backlog.oldestWaitingSeconds ?? 0;
    await expectEventually(async () => {
      expect((await portal()).backlog.oldestWaitingSeconds).toBeGreaterThan(waitedAtFirst + 2);
    }, SOON);
    expect(down.calls.m1.failure).toBeGreaterThan(0);
    expect(down.lastFailure?.reason).toMatch(/\S/);
    expect(down.lastFailure?.reason).not.toMatch(/\d{12}/);
    const metrics = await bus.gateway.get(MetricsRegistry).metrics();
    expect(metrics).toMatch(
      /lgsp_connector_consumer_lag\{connector="national-portal",topic="dossier\.events"\} [1-9]/,
    );
    expect(metrics).toContain('lgsp_connector_dead_letters_open{connector="national-portal"}');
    expect(metrics).toMatch(/lgsp_connector_oldest_waiting_seconds\{connector="national-portal"\} [1-9]/);
  });

  it('shows it closed again with its backlog drained and nothing waiting once the portal recovers', async () => {
    await bus.simulators.controls.nationalPortal.set({ errorRate: 0 });
    await expectEventually(
      async () => {
        expect(await portal()).toMatchObject({
          state: 'closed',
          health: 'healthy',
          paused: false,
          backlog: { lag: 0, oldestWaitingSeconds: null },
        });
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
  });
});
