import { BusConfig } from '@lgsp/config';
import { PAYMENT_COMPLETED, PAYMENT_FAILED, Topics } from '@lgsp/contracts';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import {
  Envelope,
  MessagePublisher,
  OutboxRelay,
  OutboxWriter,
  TopicNames,
  createEnvelope,
} from '@lgsp/messaging';
import { DatabaseService, DeadLetterRepository } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

/** What the one-stop simulator keeps of each call (apps/simulators/one-stop/one-stop-inbox.store.ts). */
interface InboxItem {
  duplicate: boolean;
  body: {
    messageId: string;
    key: string;
    type: string;
    contractVersion: number;
    payload: Record<string, unknown>;
  };
}

/** The portal simulator's summary of a dossier, with the fee codes its record shows paid. */
interface PortalSummary {
  status: unknown;
  syncCount: number;
  paidFees: string[];
}

const BASE = Date.UTC(2025, 6, 1, 1, 0, 0);
const FEES = [
  { code: 'LP01', name: 'Lệ phí cấp giấy', amount: 50_000, collectionMethod: 'online', kind: 'charge' },
  { code: 'PH02', name: 'Phí thẩm định', amount: 30_000, collectionMethod: 'online', kind: 'fee' },
];

/**
 * After the gateway commits a payment result (outbox → Topics.paymentEvents), the worker delivers it once to the
 * one-stop system and, for a completed payment, marks the paid fees on the national portal's record of the
 * dossier, leaving its status to the one-stop system.
 */
describe('payment results: one-stop system and national portal', () => {
  let bus: BusUnderTest;

  beforeAll(async () => {
    bus = await startBusUnderTest('payments');
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function register(code: string, index: number): Promise<void> {
    const response = await bus.api.post('/v1/dossiers', {
      ...dossierRegistration(code, index, BASE),
      fees: FEES,
    });
    expect(response.status).toBe(202);
    await expectEventually(async () => expect((await portalDossiers(bus)).has(code)).toBe(true));
  }

  function completed(code: string, fees: string[], transactionNo: string): Envelope {
    const paid = FEES.filter((fee) => fees.includes(fee.code));
    return createEnvelope({
      type: PAYMENT_COMPLETED,
      contractVersion: 2,
      key: code,
      source: 'gateway',
      payload: {
        orderId: `DH-${transactionNo}`,
        dossierCode: code,
        amount: paid.reduce((sum, fee) => sum + fee.amount, 0),
        paymentGateway: 'paygov',
        transactionNo,
        paidAt: '2025-07-01T09:30:00+07:00',
        fees: paid.map((fee) => ({ code: fee.code, amount: fee.amount })),
        occurredAt: '2025-07-01T09:30:02+07:00',
      },
    });
  }

  function failed(code: string): Envelope {
    return createEnvelope({
      type: PAYMENT_FAILED,
      contractVersion: 1,
      key: code,
      source: 'gateway',
      payload: {
        orderId: `DH-${code}-failed`,
        dossierCode: code,
        amount: 80_000,
        paymentGateway: 'paygov',
        reasonCode: '24',
        reason: 'Khách hàng hủy giao dịch',
        occurredAt: '2025-07-01T09:20:00+07:00',
      },
    });
  }

  /** As production publishes: committed to the outbox in a transaction, then relayed to Kafka. */
  async function commit(envelope: Envelope): Promise<void> {
    const writer = bus.gateway.get(OutboxWriter);
    await bus.gateway
      .get(DatabaseService)
      .transaction((tx) => writer.add(tx, Topics.paymentEvents, envelope));
    bus.gateway.get(OutboxRelay).notify();
  }

  /**
   * The same message again, as Kafka redelivers one (a producer retry, a consumer that crashed before its
   * commit): the outbox refuses a message id twice, so it goes straight to the topic.
   */
  async function redeliver(envelope: Envelope): Promise<void> {
    const topic = TopicNames.from(bus.gateway.get(BusConfig)).main(Topics.paymentEvents);
    await bus.gateway.get(MessagePublisher).publish(topic, envelope);
  }

  async function paymentResults(code: string): Promise<InboxItem[]> {
    const { data } = await bus.oneStopAdmin.get<InboxItem[]>('/admin/one-stop/received', {
      params: { kind: 'payment-results', key: code },
    });
    return data;
  }

  async function portalSummary(code: string): Promise<PortalSummary | undefined> {
    return (await portalDossiers(bus)).get(code) as PortalSummary | undefined;
  }

  it('delivers a completed payment once to each, marks the fee paid and leaves the status', async () => {
    const code = 'H56.22-pay-000001';
    await register(code, 1);
    const payment = completed(code, ['LP01'], 'GD-0001');
    await commit(payment);
    await expectEventually(async () => {
      expect((await paymentResults(code)).map((item) => item.body.messageId)).toEqual([payment.id]);
      expect(await portalSummary(code)).toMatchObject({ status: 1, syncCount: 2, paidFees: ['LP01'] });
    });
    const [result] = await paymentResults(code);
    expect(result.body).toMatchObject({ type: PAYMENT_COMPLETED, contractVersion: 2, key: code });
    expect(result.body.payload).toMatchObject({
      transactionNo: 'GD-0001',
      fees: [{ code: 'LP01', amount: 50_000 }],
    });
    const { data } = await bus.portalAdmin.get<{ current: { DanhSachLePhi: Record<string, unknown>[] } }>(
      `/admin/portal/dossiers/${code}`,
    );
    expect(data.current.DanhSachLePhi).toEqual([
      expect.objectContaining({
        MaPhiLePhi: 'LP01',
        TrangThaiThanhToan: 1,
        NgayThanhToan: '20250701093000',
        MaGiaoDichThanhToan: 'GD-0001',
      }),
      expect.not.objectContaining({ TrangThaiThanhToan: expect.anything() }),
    ]);

    // The same message again, then a later payment of the dossier's other fee, behind it on the same partition:
    // once the later one arrived, the copy was read before it, by both connectors.
    await redeliver(payment);
    const second = completed(code, ['PH02'], 'GD-0002');
    await commit(second);
    await expectEventually(async () => {
      expect((await paymentResults(code)).map((item) => item.body.messageId)).toEqual([
        payment.id,
        second.id,
      ]);
      expect(await portalSummary(code)).toMatchObject({
        status: 1,
        syncCount: 3,
        paidFees: ['LP01', 'PH02'],
      });
    });
    expect((await paymentResults(code)).some((item) => item.duplicate)).toBe(false);
  });

  it('delivers a failed payment to the one-stop system and leaves the portal alone', async () => {
    const code = 'H56.22-pay-000002';
    await register(code, 2);
    const refused = failed(code);
    await commit(refused);
    // The citizen pays again and succeeds; behind the failure on the partition, it shows the failure was read.
    const payment = completed(code, ['LP01', 'PH02'], 'GD-0003');
    await commit(payment);
    await expectEventually(async () => {
      const results = await paymentResults(code);
      expect(results.map((item) => [item.body.messageId, item.body.type])).toEqual([
        [refused.id, PAYMENT_FAILED],
        [payment.id, PAYMENT_COMPLETED],
      ]);
      expect(await portalSummary(code)).toMatchObject({ status: 1, paidFees: ['LP01', 'PH02'] });
    });
    // Registration and the completed payment: the failure made no portal call.
    expect(await portalSummary(code)).toMatchObject({ syncCount: 2 });
  });

  it("keeps the fees paid through the one-stop system's next status change and a dossier update", async () => {
    const code = 'H56.22-pay-000004';
    await register(code, 4);
    for (const [step, status] of [2, 4, 6].entries()) {
      const response = await bus.api.post(
        `/v1/dossiers/${code}/status-changes`,
        statusChange(code, status, step + 1, BASE),
      );
      expect(response.status).toBe(202);
    }
    await expectEventually(async () => expect(await portalSummary(code)).toMatchObject({ status: 6 }));
    await commit(completed(code, ['LP01', 'PH02'], 'GD-0005'));
    await expectEventually(async () =>
      expect(await portalSummary(code)).toMatchObject({ status: 6, paidFees: ['LP01', 'PH02'] }),
    );
    // Paid: the one-stop system moves the dossier back to processing (6 → 4), then sends an updated snapshot.
    const back = await bus.api.post(`/v1/dossiers/${code}/status-changes`, statusChange(code, 4, 4, BASE));
    expect(back.status).toBe(202);
    await expectEventually(async () =>
      expect(await portalSummary(code)).toMatchObject({ status: 4, paidFees: ['LP01', 'PH02'] }),
    );
    const later = BASE + 10 * 60_000;
    const update = await bus.api.post('/v1/dossiers', {
      ...dossierRegistration(code, 4, later),
      status: 4,
      fees: FEES,
    });
    expect(update.status).toBe(202);
    const syncs = (await portalSummary(code))!.syncCount;
    await expectEventually(async () =>
      expect(await portalSummary(code)).toMatchObject({
        syncCount: syncs + 1,
        status: 4,
        paidFees: ['LP01', 'PH02'],
      }),
    );
  });

  it('dead-letters a payment for a dossier the portal never received, saying why', async () => {
    const code = 'H56.22-pay-000003';
    const payment = completed(code, ['LP01'], 'GD-0004');
    await commit(payment);
    // The one-stop system gets the result whatever the portal's state.
    await expectEventually(async () =>
      expect((await paymentResults(code)).map((item) => item.body.messageId)).toEqual([payment.id]),
    );
    const letters = await expectEventually(
      async () => {
        const open = await bus.worker.get(DeadLetterRepository).list({ status: 'open' });
        const mine = open.filter((letter) => letter.key === code);
        expect(mine).toHaveLength(1);
        return mine;
      },
      { timeoutMs: 30_000 },
    );
    expect(letters[0].reason).toMatch(/has not reached the portal yet/);
    expect(await portalSummary(code)).toBeUndefined();
    // The refusal is announced to the one-stop system like any other the portal connector gives up on.
    await expectEventually(async () => {
      const { data } = await bus.oneStopAdmin.get<InboxItem[]>('/admin/one-stop/received', {
        params: { kind: 'delivery-failures', key: code },
      });
      expect(data.map((item) => item.body.payload)).toEqual([
        expect.objectContaining({
          connector: 'national-portal',
          messageId: payment.id,
          messageType: PAYMENT_COMPLETED,
        }),
      ]);
    });
  });
});
