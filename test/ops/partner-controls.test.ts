import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { ConsumerRuntime } from '@lgsp/messaging';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import type { ConnectorsView } from '../../apps/gateway/ops-connectors/connectors.view';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

const BASE = Date.UTC(2026, 10, 1, 2, 0, 0);
const PORTAL = 'national-portal';
const OPERATOR = { 'x-operator-id': 'nguyen.van.an' };

/**
 * Operators park the national portal's traffic on every worker replica, by forcing its breaker open or by
 * declaring the maintenance window the portal announced: dossiers keep being accepted, the portal receives no
 * call about them (none fails), and they reach it once the override is lifted or the window ends. Every change
 * is in the operator-action chain of the audit record.
 */
describe('operators’ overrides and maintenance windows of a partner', () => {
  let bus: BusUnderTest;
  let sent = 0;

  beforeAll(async () => {
    bus = await startBusUnderTest('partner-controls');
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function register(run: string, count: number): Promise<string[]> {
    const codes: string[] = [];
    for (let index = 0; index < count; index += 1) {
      sent += 1;
      const code = `H56.22-${run}-${String(sent).padStart(6, '0')}`;
      expect((await bus.api.post('/v1/dossiers', dossierRegistration(code, sent, BASE))).status).toBe(202);
      codes.push(code);
    }
    return codes;
  }

  /** Calls about these dossiers the portal received, failed or not. */
  async function callsAbout(run: string): Promise<number> {
    const { data } = await bus.portalAdmin.get<{ total: number }>('/admin/received', {
      params: { contains: `H56.22-${run}-` },
    });
    return data.total;
  }

  const onPortal = async (codes: string[]): Promise<number> => {
    const held = await portalDossiers(bus);
    return codes.filter((code) => held.has(code)).length;
  };

  it('parks the portal’s traffic while forced open, and delivers it once the override is lifted', async () => {
    const forced = await bus.api.put(
      `/v1/ops/connectors/${PORTAL}/override`,
      { state: 'open', reason: 'the portal announced an urgent fix' },
      { headers: OPERATOR },
    );
    expect(forced.status).toBe(200);
    expect(forced.data).toMatchObject({ forced: 'open', forcedBy: expect.stringContaining('nguyen.van.an') });
    expect(forced.data.audit).toMatch(/^operator-action:\d+$/);

    // Every replica follows within a quarter of a second: the worker's consumer stops fetching.
    await expectEventually(() => expect(bus.worker.get(ConsumerRuntime).isPaused(PORTAL)).toBe(true));
    const codes = await register('FORCED', 3);
    const { data: shared } = await bus.api.get(`/v1/ops/connectors/${PORTAL}/shared-state`);
    expect(shared).toMatchObject({ forced: 'open', forcedReason: 'the portal announced an urgent fix' });
    // The operators' board shows the override beside the breaker.
    const { data: board } = await bus.api.get<ConnectorsView>('/v1/ops/connectors');
    expect(board.connectors.find((connector) => connector.name === PORTAL)?.shared).toMatchObject({
      forced: { state: 'open', reason: 'the portal announced an urgent fix' },
    });
    // They wait in Kafka (the portal's backlog holds them), and not one call about them reached the portal.
    await expectEventually(
      async () => {
        const { data } = await bus.api.get<{ connectors: { name: string; backlog: { lag: number } }[] }>(
          '/v1/ops/connectors',
        );
        expect(
          data.connectors.find((connector) => connector.name === PORTAL)?.backlog.lag,
        ).toBeGreaterThanOrEqual(3);
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(await callsAbout('FORCED')).toBe(0);

    const lifted = await bus.api.put(
      `/v1/ops/connectors/${PORTAL}/override`,
      { state: 'none', reason: 'fix deployed' },
      { headers: OPERATOR },
    );
    expect(lifted.data.forced).toBeNull();
    await expectEventually(async () => expect(await onPortal(codes)).toBe(3), { timeoutMs: 30_000 });
  }, 60_000);

  it('parks the traffic through a maintenance window and drains it at its end', async () => {
    const now = Date.now();
    const declared = await bus.api.post(
      `/v1/ops/connectors/${PORTAL}/maintenance-windows`,
      {
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 4_000).toISOString(),
        reason: 'DVCQG scheduled upgrade',
      },
      { headers: OPERATOR },
    );
    expect(declared.status).toBe(201);
    await expectEventually(() => expect(bus.worker.get(ConsumerRuntime).isPaused(PORTAL)).toBe(true));
    // The lift of the previous test's override is in force too: only the window parks the portal now.
    const { data: before } = await bus.api.get(`/v1/ops/connectors/${PORTAL}/shared-state`);
    expect(before.forced).toBeNull();
    const codes = await register('WINDOW', 3);
    expect(await callsAbout('WINDOW')).toBe(0);
    const { data: during } = await bus.api.get(`/v1/ops/connectors/${PORTAL}/shared-state`);
    expect(during.maintenance).toMatchObject({ reason: 'DVCQG scheduled upgrade' });
    await expectEventually(async () => expect(await onPortal(codes)).toBe(3), { timeoutMs: 30_000 });
    expect(new Date().getTime()).toBeGreaterThanOrEqual(now + 4_000);
  }, 60_000);

  it('cancels a window, and answers an unknown one with 404', async () => {
    const now = Date.now();
    const { data: window } = await bus.api.post(
      `/v1/ops/connectors/${PORTAL}/maintenance-windows`,
      {
        startsAt: new Date(now + 3_600_000).toISOString(),
        endsAt: new Date(now + 7_200_000).toISOString(),
        reason: 'next week’s upgrade',
      },
      { headers: OPERATOR },
    );
    const cancelled = await bus.api.delete(`/v1/ops/connectors/${PORTAL}/maintenance-windows/${window.id}`, {
      headers: OPERATOR,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.data.cancelledBy).toContain('nguyen.van.an');
    const again = await bus.api.delete(`/v1/ops/connectors/${PORTAL}/maintenance-windows/${window.id}`, {
      headers: OPERATOR,
    });
    expect(again.status).toBe(404);
  });

  it('refuses bad input with a problem naming the field, and changes without ops:write', async () => {
    const unknown = await bus.api.put(
      '/v1/ops/connectors/tax-office/override',
      { state: 'open', reason: 'x'.repeat(10) },
      { headers: OPERATOR },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(unknown.data)).toContain('name');

    const backwards = await bus.api.post(
      `/v1/ops/connectors/${PORTAL}/maintenance-windows`,
      { startsAt: '2026-12-01T10:00:00+07:00', endsAt: '2026-12-01T09:00:00+07:00', reason: 'upgrade' },
      { headers: OPERATOR },
    );
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.data)).toContain('endsAt');

    const anonymous = await bus.api.put(`/v1/ops/connectors/${PORTAL}/override`, {
      state: 'open',
      reason: 'nobody named',
    });
    expect(anonymous.status).toBe(400);
    expect(JSON.stringify(anonymous.data)).toContain('X-Operator-Id');

    const client = await createTestClient(bus.env.schema, { clientId: 'ops-reader', scopes: ['ops:read'] });
    const reader = bearer(await requestToken(listeningUrl(bus.gateway), client));
    const refused = await bus.api.put(
      `/v1/ops/connectors/${PORTAL}/override`,
      { state: 'open', reason: 'only reading' },
      { headers: { ...reader, ...OPERATOR } },
    );
    expect(refused.status).toBe(403);
  });
});
