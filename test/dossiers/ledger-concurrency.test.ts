import { INestApplication } from '@nestjs/common';
import axios from 'axios';
import { DossierRegisteredV1 } from '@lgsp/contracts';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { DatabaseService } from '@lgsp/persistence';
import { ALL_AGENCIES, Principal, Scope } from '@lgsp/security';
import { listeningUrl, startGateway } from '../../apps/gateway/gateway.bootstrap';
import {
  DossierIntakeService,
  IntakeItem,
  IntakeReceipt,
} from '../../apps/gateway/dossiers/dossier-intake.service';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';

/** A one-stop system allowed every agency, as the access guard would hand it to the intake. */
const ONE_STOP: Principal = {
  clientId: 'one-stop-race',
  scopes: new Set([Scope.DossierWrite]),
  agencies: [ALL_AGENCIES],
  citizenFields: [],
  rateLimitPerMinute: null,
};

const registration = (body: DossierRegisteredV1): IntakeItem => ({
  principal: ONE_STOP,
  command: { kind: 'dossier', body },
  correlationId: undefined,
});

describe('gateway: concurrent events of one dossier', () => {
  const env = createTestEnvironment('ledgerrace');
  const base = Date.now() - 3_600_000;
  let gateway: INestApplication;

  beforeAll(async () => {
    gateway = await startGateway(env.overrides);
  });

  afterAll(async () => {
    await gateway?.close();
    await env.release();
  });

  /** Backends of this gateway waiting for a lock another of its transactions holds. */
  const lockWaiters = async (): Promise<number> => {
    const rows = await gateway
      .get(DatabaseService)
      .query<{ waiting: string }>(
        `SELECT count(*) AS waiting FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
        [env.prefix],
      );
    return Number(rows[0].waiting);
  };

  it('judges two first registrations one after the other: the older one is stale, the ledger keeps the newer', async () => {
    const db = gateway.get(DatabaseService);
    const intake = gateway.get(DossierIntakeService);
    const code = 'H56.22-RACE-000001';
    const at = (minutes: number): DossierRegisteredV1 =>
      dossierRegistration(code, 1, base + minutes * 60_000) as unknown as DossierRegisteredV1;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let newerAccepted = false;
    // The newer registration is judged first and its transaction stays open...
    const newer = db.transaction(async (tx) => {
      const [receipt] = await intake.acceptAll(tx, [registration(at(10))]);
      newerAccepted = true;
      await gate;
      return receipt;
    });
    await expectEventually(() => expect(newerAccepted).toBe(true));
    // ...while the older one arrives: it must wait for the newer one's verdict, then see it.
    const older = db.transaction(async (tx) => (await intake.acceptAll(tx, [registration(at(5))]))[0]);
    await expectEventually(async () => expect(await lockWaiters()).toBe(1));
    release();
    const receipts = (await Promise.all([newer, older])) as IntakeReceipt[];

    expect(receipts.map(({ eventType, outcome }) => ({ eventType, outcome }))).toEqual([
      { eventType: 'dossier.registered', outcome: 'accepted' },
      { eventType: 'dossier.updated', outcome: 'stale' },
    ]);
    const [ledger] = await db.query<{ status_occurred_at: Date; last_event_id: string }>(
      'SELECT status_occurred_at, last_event_id FROM dossier_ledger WHERE dossier_code = $1',
      [code],
    );
    expect(ledger).toEqual({
      status_occurred_at: new Date(base + 10 * 60_000),
      last_event_id: receipts[0].eventId,
    });
    // One registration reaches the bus: the older event is not a second "registered" of the dossier.
    const registrations = await db.query<{ message_id: string }>(
      `SELECT message_id FROM outbox_message WHERE message_key = $1 AND headers->>'ce_type' = 'vn.gov.lgsp.dossier.registered.v1'`,
      [code],
    );
    expect(registrations).toEqual([{ message_id: receipts[0].eventId }]);
  });

  it('runs two batches touching the same dossiers in opposite orders without a deadlock', async () => {
    const client = await createTestClient(env.schema, { clientId: 'one-stop-batches' });
    const api = axios.create({
      baseURL: listeningUrl(gateway),
      headers: bearer(await requestToken(listeningUrl(gateway), client)),
      validateStatus: () => true,
    });
    const codes = Array.from({ length: 200 }, (_, index) => `H56.22-RACE-B${String(index).padStart(4, '0')}`);
    const registered = await api.post('/v1/dossiers/batch', {
      items: codes.map((code, index) => ({ dossier: dossierRegistration(code, index, base) })),
    });
    expect(registered.status).toBe(207);
    for (let round = 1; round <= 3; round++) {
      const batch = (order: string[], step: number) =>
        api.post('/v1/dossiers/batch', {
          items: order.map((code) => ({ statusChange: statusChange(code, 2, step, base) })),
        });
      const [forward, backward] = await Promise.all([
        batch(codes, round * 2),
        batch([...codes].reverse(), round * 2 + 1),
      ]);
      // A deadlock aborts one of the two transactions: a 500 for the whole batch.
      expect([forward.status, backward.status]).toEqual([207, 207]);
    }
  });
});
