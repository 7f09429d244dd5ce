import { TestingModule } from '@nestjs/testing';
import axios from 'axios';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { NationalPortalPaymentService, NationalPortalSyncService } from '@lgsp/adapters/national-portal';
import {
  DomainError,
  DomainErrorCode,
  DossierRegisteredV1,
  DossierStatusChangedV2,
  PAYMENT_COMPLETED,
} from '@lgsp/contracts';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import type { PaymentCompletedV2 } from '@lgsp/contracts/payment-completed/v2/payment-completed.v2';
import { Envelope, InboundMessage, createEnvelope } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { ConnectorGuard } from '@lgsp/resilience';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';
import { DossierEvents } from '../../apps/gateway/dossiers/dossier-event.factory';
import { ResettingProxy, startResettingProxy } from '../support/chaos/resetting-proxy';
import { startPortalHandlers } from '../support/e2e/portal-handlers';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';

interface PortalHistory {
  current: Record<string, unknown>;
  syncs: { dossier: Record<string, unknown> }[];
  progress: unknown[];
}

const paidFees = (record: Record<string, unknown>): unknown[] =>
  (record.DanhSachLePhi as Record<string, unknown>[])
    .filter((fee) => fee.TrangThaiThanhToan === 1)
    .map((fee) => fee.MaPhiLePhi);

/**
 * Calls whose outcome the bus could not learn (an answer cut off, no answer before the timeout) and how a later try
 * judges them. A dossier's status changes and its payments reach the portal through two topics, each handler building the record
 * it sends on the copy the bus keeps. When one of them is cut off after the portal applied it, that copy lags the
 * portal until the call's own retry settles it; the other topic's next message must not send the lagging copy,
 * which would take the portal's record back (a status undone, a paid fee unpaid) and be followed by a resend.
 */
describe('national portal: calls left in doubt', () => {
  const base = Date.now() - 3_600_000;
  let simulators: RunningSimulators;
  let proxy: ResettingProxy;
  let env: TestEnvironment;
  let app: TestingModule;
  let db: DatabaseService;
  let sync: NationalPortalSyncService;
  let payments: NationalPortalPaymentService;
  let guard: ConnectorGuard;

  beforeAll(async () => {
    simulators = await startSimulators({ logLevels: ['error'] });
    proxy = await startResettingProxy(simulators.urls.nationalPortal);
    env = createTestEnvironment('crossdoubt', {
      NATIONAL_PORTAL_URL: proxy.url,
      NATIONAL_PORTAL_TIMEOUT_MS: '1000',
      CONNECTORS: 'national-portal',
    });
    ({ app, db, sync, payments, guard } = await startPortalHandlers(env.overrides));
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await simulators?.close();
    await env?.release();
  });

  const inbound = (envelope: Envelope, attempt: number, replayed = false): InboundMessage => ({
    envelope,
    topic: 'dossier.events',
    partition: 0,
    offset: '0',
    attempt,
    replayed,
    signal: new AbortController().signal,
  });

  /**
   * Tries a handler again while it answers busy, as the consumer runtime holds such a message in place: a call in
   * doubt is not judged until it can no longer be on its way.
   */
  const heldWhileBusy = async (handle: () => Promise<void>): Promise<number> => {
    for (let held = 0; ; held += 1) {
      try {
        await handle();
        return held;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === DomainErrorCode.Busy) || held > 200) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  const dossierEvents = (envelopes: Envelope[], attempt = 0): Promise<number> =>
    heldWhileBusy(() =>
      db.transaction((tx) =>
        sync.apply(
          envelopes.map((envelope) => inbound(envelope, attempt)),
          guard,
          tx,
        ),
      ),
    );

  const dossierEvent = (envelope: Envelope, attempt = 0): Promise<number> =>
    dossierEvents([envelope], attempt);

  const payment = (envelope: Envelope, attempt = 0): Promise<number> =>
    heldWhileBusy(() => db.transaction((tx) => payments.apply([inbound(envelope, attempt)], guard, tx)));

  const registered = (code: string): Envelope =>
    DossierEvents.registered(dossierRegistration(code, 1, base) as unknown as DossierRegisteredV1, undefined);

  const movedTo = (code: string, status: number, step: number): Envelope =>
    DossierEvents.statusChanged(
      statusChange(code, status, step, base) as unknown as DossierStatusChangedV2,
      undefined,
    );

  const paid = (code: string): Envelope =>
    createEnvelope<PaymentCompletedV2>({
      type: PAYMENT_COMPLETED,
      contractVersion: 2,
      key: code,
      payload: {
        orderId: `ORDER-${code}`,
        dossierCode: code,
        amount: 50_000,
        paymentGateway: 'paygov',
        fees: [{ code: 'LP01', amount: 50_000 }],
        transactionNo: `TX-${code}`,
        paidAt: new Date(base + 30 * 60_000).toISOString(),
        occurredAt: new Date(base + 30 * 60_000).toISOString(),
      },
      source: 'gateway',
      occurredAt: new Date(base + 30 * 60_000),
    });

  const portalHistory = async (code: string): Promise<PortalHistory> => {
    const { data } = await axios.get<PortalHistory>(
      `${simulators.urls.nationalPortal}/admin/portal/dossiers/${code}`,
      { headers: { [ADMIN_TOKEN_HEADER]: simulators.adminToken } },
    );
    return data;
  };

  const statuses = (history: PortalHistory): unknown[] =>
    history.syncs.map((sync) => sync.dossier.TrangThaiHoSo);

  const cutOff = { code: DomainErrorCode.PartnerUnavailable };

  it('marks a fee paid on the status the portal holds, not on the one before a cut-off status change', async () => {
    const code = 'H56.22-DOUBT-STATUS-FIRST';
    await dossierEvent(registered(code));
    const change = movedTo(code, 2, 1);
    // The portal applies the status change; its answer is cut, so the bus's copy still says 1.
    proxy.resetNext(1);
    await expect(dossierEvent(change)).rejects.toMatchObject(cutOff);
    expect((await portalHistory(code)).current.TrangThaiHoSo).toBe(2);

    await payment(paid(code));
    const afterPayment = await portalHistory(code);
    expect(afterPayment.current.TrangThaiHoSo).toBe(2);
    expect(paidFees(afterPayment.current)).toEqual(['LP01']);

    // The status change's own retry finds it applied: the portal sees no call of it again.
    await dossierEvent(change, 1);
    const settled = await portalHistory(code);
    expect(statuses(settled)).toEqual([1, 2, 2]);
    expect(settled.progress).toHaveLength(1);
    expect(paidFees(settled.current)).toEqual(['LP01']);
  });

  it('moves the status on the paid record, not on the one before a cut-off fee sync', async () => {
    const code = 'H56.22-DOUBT-PAYMENT-FIRST';
    await dossierEvent(registered(code));
    const payed = paid(code);
    proxy.resetNext(1);
    await expect(payment(payed)).rejects.toMatchObject(cutOff);
    expect(paidFees((await portalHistory(code)).current)).toEqual(['LP01']);

    await dossierEvent(movedTo(code, 2, 1));
    const afterChange = await portalHistory(code);
    expect(afterChange.current.TrangThaiHoSo).toBe(2);
    expect(paidFees(afterChange.current)).toEqual(['LP01']);

    await payment(payed, 1);
    const settled = await portalHistory(code);
    expect(statuses(settled)).toEqual([1, 1, 2]);
    expect(paidFees(settled.current)).toEqual(['LP01']);
  });

  it('moves the status on the paid record when the fee sync went through but its handler rolled back', async () => {
    const code = 'H56.22-DONE-NOT-COMMITTED';
    await dossierEvent(registered(code));
    const payed = paid(code);
    // The portal answers the fee sync; the handler then loses its partition before it commits.
    await expect(
      db.transaction(async (tx) => {
        await payments.apply([inbound(payed, 0)], guard, tx);
        throw new Error('the partition was taken away before the commit');
      }),
    ).rejects.toThrow('taken away');
    expect(paidFees((await portalHistory(code)).current)).toEqual(['LP01']);

    await dossierEvent(movedTo(code, 2, 1));
    expect(paidFees((await portalHistory(code)).current)).toEqual(['LP01']);
    // Its retry finds its call done: the portal sees it once, and a later event still builds on the paid record.
    await payment(payed, 1);
    await dossierEvent(movedTo(code, 4, 2));
    const settled = await portalHistory(code);
    expect(statuses(settled)).toEqual([1, 1, 2, 4]);
    expect(paidFees(settled.current)).toEqual(['LP01']);
  });

  it('waits for a fee sync in doubt that may still reach the portal before building on the record', async () => {
    const code = 'H56.22-DOUBT-LANDS-LATE';
    await dossierEvent(registered(code));
    const payed = paid(code);
    // The fee sync reaches the portal 1.5 s late, after the bus gave up on it at 1 s (its worker's buffer).
    proxy.delayRequests(1_500);
    try {
      await expect(payment(payed)).rejects.toMatchObject(cutOff);
    } finally {
      proxy.delayRequests(0);
    }
    // Asked at once, the portal would not hold it yet; the status change is held until it can have landed.
    expect(await dossierEvent(movedTo(code, 2, 1))).toBeGreaterThan(0);
    const afterChange = await portalHistory(code);
    expect(statuses(afterChange)).toEqual([1, 1, 2]);
    expect(paidFees(afterChange.current)).toEqual(['LP01']);
  });

  it('asks the portal before sending a retried or replayed event again, and skips what it holds', async () => {
    const code = 'H56.22-CHECK-FIRST';
    await dossierEvent(registered(code));
    const change = movedTo(code, 2, 1);
    await dossierEvent(change);
    // Back from a retry topic, then from the dead letters, with no note of its calls left (a crash, retention).
    await dossierEvent(change, 1);
    await heldWhileBusy(() => db.transaction((tx) => sync.apply([inbound(change, 0, true)], guard, tx)));
    const settled = await portalHistory(code);
    expect(statuses(settled)).toEqual([1, 2]);
    expect(settled.progress).toHaveLength(1);
  });

  it('resends a run that takes a dossier back to the state the portal held, when it went unanswered', async () => {
    const code = 'H56.22-DOUBT-BACK-AND-FORTH';
    await dossierEvent(registered(code));
    await dossierEvent(movedTo(code, 4, 1));
    // 4 → 6 → 4: the run ends on the record the portal already holds, so that record cannot tell whether the
    // unanswered call was applied. The portal holds back its answer past the timeout and so applies nothing.
    const run = [movedTo(code, 6, 2), movedTo(code, 4, 3)];
    await simulators.controls.nationalPortal.set({ slowMs: 2_000 });
    try {
      await expect(dossierEvents(run)).rejects.toBeDefined();
    } finally {
      await simulators.controls.nationalPortal.set({ slowMs: null });
    }
    expect(statuses(await portalHistory(code))).toEqual([1, 4]);

    await dossierEvents(run, 1);
    const settled = await portalHistory(code);
    expect(statuses(settled)).toEqual([1, 4, 6, 4]);
    expect(settled.progress).toHaveLength(3);
  });
});
