import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { listeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import { createTestClient } from '../support/access/test-clients';

const run = promisify(execFile);
const HOUR = 3_600_000;
const ROOT = join(__dirname, '..', '..');

interface RepairAudit {
  dossierCode: string;
  operator: string;
  reason: string;
  before: { ledgerOccurredAt: string; deliveries: { destination: string; lastOccurredAt: string }[] };
  after: { ledgerOccurredAt: string };
}

/**
 * A dossier poisoned by a wrong clock: its registration carried a time far ahead (accepted here because this bus
 * allows a day of skew, as every bus did before the intake policy existed), so every later, correct event is
 * stale: only its processing step reaches the portal, never its status. An operator repairs the ledger with the
 * npm command; the next real event then moves the dossier at the portal.
 */
describe('ledger repair: an operator un-poisons a dossier whose ledger holds a time ahead', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('repair', { INTAKE_MAX_CLOCK_SKEW_MS: String(24 * HOUR) });
  });

  afterAll(async () => {
    await bus?.close();
  });

  it('moves the ledger time back with `npm run ops:repair-ledger`, audited, and the next event reaches the portal', async () => {
    const code = 'H56.22-REPAIR-000001';
    const poisoned = await bus.api.post('/v1/dossiers', dossierRegistration(code, 1, Date.now() + 23 * HOUR));
    expect(poisoned.status).toBe(202);
    // Delivered: the portal holds it and the bus's delivery record (in the same transaction) holds its time.
    await expectEventually(
      async () => {
        const trace = await bus.api.get<{ entries: { stage: string }[] }>(`/v1/dossiers/${code}/trace`);
        expect(trace.data.entries.map((entry) => entry.stage)).toContain('delivered');
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const silenced = await bus.api.post(`/v1/dossiers/${code}/status-changes`, statusChange(code, 2, 1));
    expect(silenced.data).toMatchObject({ outcome: 'stale' });
    await expectEventually(
      async () =>
        expect((await portalDossiers(bus)).get(code)).toMatchObject({ status: 1, progressCount: 1 }),
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    const operator = await createTestClient(bus.env.schema, {
      clientId: 'ops-console',
      scopes: ['ops:write'],
    });
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'apps/gateway/ledger-repair/repair-ledger.cli.ts',
        code,
        '--reason=the one-stop server clock ran 23 hours fast',
        '--operator=ops-on-duty',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          LGSP_GATEWAY_URL: listeningUrl(bus.gateway),
          LGSP_CLIENT_ID: operator.clientId,
          LGSP_CLIENT_SECRET: operator.secret,
        },
        timeout: 60_000,
      },
    );
    const audit = JSON.parse(stdout) as RepairAudit;
    // The audit names the authenticated client and the person acting through it.
    expect(audit).toMatchObject({ dossierCode: code, operator: 'ops-console/ops-on-duty' });
    expect(Date.parse(audit.before.ledgerOccurredAt)).toBeGreaterThan(Date.now() + 22 * HOUR);
    expect(Date.parse(audit.after.ledgerOccurredAt)).toBeLessThanOrEqual(Date.now());
    expect(audit.before.deliveries).toEqual([
      expect.objectContaining({
        destination: 'national-portal',
        lastOccurredAt: audit.before.ledgerOccurredAt,
      }),
    ]);

    const next = await bus.api.post(`/v1/dossiers/${code}/status-changes`, statusChange(code, 2, 2));
    expect(next.data).toMatchObject({ outcome: 'accepted' });
    await expectEventually(
      async () =>
        expect((await portalDossiers(bus)).get(code)).toMatchObject({ status: 2, progressCount: 2 }),
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    const history = await bus.api.get<{ repairs: RepairAudit[] }>(`/v1/ops/dossiers/${code}/ledger-repairs`);
    expect(history.data.repairs).toEqual([
      expect.objectContaining({
        operator: 'ops-console/ops-on-duty',
        reason: 'the one-stop server clock ran 23 hours fast',
      }),
    ]);
  });

  it('refuses a repair without a reason or of a dossier the bus does not know', async () => {
    const missingReason = await bus.api.post(
      '/v1/ops/dossiers/H56.22-REPAIR-000001/ledger-repair',
      {},
      {
        headers: { 'X-Operator-Id': 'ops-on-duty' },
      },
    );
    expect(missingReason.status).toBe(400);
    const unknown = await bus.api.post(
      '/v1/ops/dossiers/H56.22-REPAIR-UNKNOWN/ledger-repair',
      { reason: 'checking' },
      { headers: { 'X-Operator-Id': 'ops-on-duty' } },
    );
    expect(unknown.status).toBe(404);
  });
});
