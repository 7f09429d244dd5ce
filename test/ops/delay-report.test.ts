import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { DatabaseService } from '@lgsp/persistence';
import type { DelayReport, DelayReportRow } from '../../apps/gateway/delay-reports/delay-report.service';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

const OUTAGE_MS = 60_000;
const PER_BATCH = 10;
const OPERATOR = { 'x-operator-id': 'tran.thi.binh' };

/**
 * The delay report splits each event's time in the bus by cause. A 60 s portal outage in the middle of a run
 * shows as about 60 s of outage time on each event accepted during it, and none on the events delivered before
 * or after; the events whose due date passed meanwhile count as late. Each report is in the audit record.
 */
describe('the delay report', () => {
  let bus: BusUnderTest;
  let sent = 0;

  beforeAll(async () => {
    bus = await startBusUnderTest('delay-report');
  });

  afterAll(async () => {
    await bus?.close();
  });

  /** Registers a batch of one agency; `dueAt` gives each dossier's appointment date. */
  async function register(agency: string, dueAt: (index: number) => Date): Promise<string[]> {
    const codes: string[] = [];
    for (let index = 0; index < PER_BATCH; index += 1) {
      sent += 1;
      const code = `H56.22-DELAY-${String(sent).padStart(6, '0')}`;
      const body = {
        ...dossierRegistration(code, sent, Date.now() - 60_000),
        agencyCode: agency,
        appointmentAt: dueAt(index).toISOString(),
      };
      expect((await bus.api.post('/v1/dossiers', body)).status).toBe(202);
      codes.push(code);
    }
    return codes;
  }

  async function expectOnPortal(codes: string[], timeoutMs: number): Promise<void> {
    await expectEventually(
      async () => {
        const held = await portalDossiers(bus);
        expect(codes.filter((code) => !held.has(code))).toEqual([]);
      },
      { timeoutMs, intervalMs: 500 },
    );
  }

  const rowOf = (report: DelayReport, agency: string): DelayReportRow | undefined =>
    report.rows.find((row) => row.agency === agency);

  it('attributes a 60 s portal outage to the events that waited through it, and to no other', async () => {
    const from = new Date(Date.now() - 60_000);
    const later = (ms: number) => () => new Date(Date.now() + ms);
    const before = await register('H56.31', later(86_400_000));
    await expectOnPortal(before, 30_000);

    const outageStart = Date.now();
    await bus.simulators.controls.nationalPortal.set({ outage: 'http503', outageMs: OUTAGE_MS });
    // Half of them are due a few seconds into the outage, so they arrive late; the others have a day.
    const during = await register('H56.32', (index) =>
      index % 2 === 0 ? new Date(outageStart + 5_000) : new Date(outageStart + 86_400_000),
    );
    await expectOnPortal(during, OUTAGE_MS + 60_000);
    expect(Date.now() - outageStart).toBeGreaterThanOrEqual(OUTAGE_MS);
    const after = await register('H56.33', later(86_400_000));
    await expectOnPortal(after, 30_000);

    const response = await bus.api.get<DelayReport>('/v1/reports/delays', {
      params: {
        from: from.toISOString(),
        to: new Date(Date.now() + 1_000).toISOString(),
        partner: 'national-portal',
      },
      headers: OPERATOR,
    });
    expect(response.status).toBe(200);
    const report = response.data;
    const outageSeconds = (row: DelayReportRow | undefined) => ((row?.minutes.outage ?? 0) * 60) / PER_BATCH;

    expect(rowOf(report, 'H56.32')).toMatchObject({
      partner: 'national-portal',
      delivered: PER_BATCH,
      late: PER_BATCH / 2,
    });
    // About the injected 60 s on each event that waited through it (±10 s: the breaker opens after the first
    // refusals and closes on the first probe after the portal is back).
    expect(outageSeconds(rowOf(report, 'H56.32'))).toBeGreaterThan(50);
    expect(outageSeconds(rowOf(report, 'H56.32'))).toBeLessThan(70);
    expect(rowOf(report, 'H56.32')!.lateMinutes.outage).toBeGreaterThan(0);
    for (const agency of ['H56.31', 'H56.33']) {
      expect(rowOf(report, agency)).toMatchObject({ delivered: PER_BATCH, late: 0 });
      expect(rowOf(report, agency)!.minutes.outage).toBe(0);
    }

    // The report is in the operator-action chain with its digest, so a copy can be checked later.
    expect(report.audit).toMatch(/^operator-action:\d+$/);
    expect(response.headers['x-audit-record']).toBe(report.audit);
    const [record] = await bus.worker
      .get(DatabaseService)
      .query<{ action: string; actor: string; details: { digest: string } }>(
        `SELECT action, actor, details FROM audit_record WHERE stream = 'operator-action' AND sequence = $1`,
        [Number(report.audit.split(':')[1])],
      );
    expect(record).toMatchObject({ action: 'delay-report', actor: expect.stringContaining('tran.thi.binh') });
    expect(record.details.digest).toBe(report.digest);

    const csv = await bus.api.get<string>('/v1/reports/delays', {
      params: { from: from.toISOString(), to: new Date().toISOString(), format: 'csv' },
      headers: OPERATOR,
      responseType: 'text',
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.data.trim().split('\r\n');
    expect(lines[2]).toMatch(/^partner,agency,delivered,late,queueing_min,outage_min,/);
    expect(
      lines.some((line) => line.startsWith(`national-portal,H56.32,${PER_BATCH},${PER_BATCH / 2},`)),
    ).toBe(true);
  }, 240_000);

  it('answers a bad period with a problem naming the field', async () => {
    const now = Date.now();
    const backwards = await bus.api.get('/v1/reports/delays', {
      params: { from: new Date(now).toISOString(), to: new Date(now - 1_000).toISOString() },
      headers: OPERATOR,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(backwards.data)).toContain('"to"');
    const noOffset = await bus.api.get('/v1/reports/delays', {
      params: { from: '2026-11-20T08:00:00', to: new Date(now).toISOString() },
      headers: OPERATOR,
    });
    expect(noOffset.status).toBe(400);
    expect(JSON.stringify(noOffset.data)).toContain('from');
  });
});
