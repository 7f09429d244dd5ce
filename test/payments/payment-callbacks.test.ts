import axios from 'axios';
import { metricsListeningUrl } from '../../apps/gateway/gateway.bootstrap';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';
import {
  GatewayUnderTest,
  OrderAnswer,
  callbackAttempts,
  citizenPays,
  genuineCallback,
  orderRequest,
  registerDossier,
  sendCallback,
} from '../support/payments/payment-test-kit';

interface InboxItem {
  duplicate: boolean;
  body: { type: string; payload: { orderId: string } };
}

/** Each gateway's answers, as its protocol names them. */
const ANSWERS = {
  paygov: {
    applied: { status: 200, code: { error_code: 'SUCCESSFUL' } },
    alreadyApplied: { status: 200, code: { error_code: 'SUCCESSFUL' } },
    badSignature: { status: 200, code: { error_code: 'SIGNATURE_WRONG' } },
    notFound: { status: 200, code: { error_code: 'FAILED' } },
    amountMismatch: { status: 200, code: { error_code: 'FAILED' } },
  },
  bank: {
    applied: { status: 200, code: { RspCode: '00' } },
    alreadyApplied: { status: 200, code: { RspCode: '02' } },
    badSignature: { status: 200, code: { RspCode: '97' } },
    notFound: { status: 200, code: { RspCode: '01' } },
    amountMismatch: { status: 200, code: { RspCode: '04' } },
  },
} as const;

/**
 * Callbacks of both gateways against the whole bus: a genuine one settles the order once and its result reaches
 * the one-stop system and the portal once; forged, altered, unknown and replayed ones change nothing and are
 * answered in the gateway's own codes; every attempt is in the audit record.
 */
describe.each<GatewayUnderTest>(['paygov', 'bank'])('payment callbacks through %s', (gateway) => {
  let bus: BusUnderTest;
  let dossierIndex = 0;
  const answers = ANSWERS[gateway];

  beforeAll(async () => {
    bus = await startBusUnderTest(`pay-${gateway}`);
  });

  afterAll(async () => {
    await bus?.close();
  });

  async function openOrder(): Promise<{ code: string; order: OrderAnswer }> {
    dossierIndex += 1;
    const code = `H56.22-pay${gateway}-${String(dossierIndex).padStart(4, '0')}`;
    await registerDossier(bus, code, dossierIndex);
    const response = await bus.api.post<OrderAnswer>('/v1/payments', orderRequest(code, gateway));
    expect(response.status).toBe(201);
    return { code, order: response.data };
  }

  const orderState = async (orderId: string): Promise<OrderAnswer> =>
    (await bus.api.get<OrderAnswer>(`/v1/payments/${orderId}`)).data;

  const paymentResults = async (code: string): Promise<InboxItem[]> =>
    (
      await bus.oneStopAdmin.get<InboxItem[]>('/admin/one-stop/received', {
        params: { kind: 'payment-results', key: code },
      })
    ).data;

  it('applies the same callback sent ten times at once exactly once, and delivers the result once', async () => {
    const { code, order } = await openOrder();
    await citizenPays(bus, gateway, order, { copies: 10 });
    const attempts = await expectEventually(async () => {
      const recorded = await callbackAttempts(bus, order.orderId);
      expect(recorded).toHaveLength(10);
      return recorded;
    });
    const outcomes = attempts.map((attempt) => attempt.details.outcome);
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'already-applied')).toHaveLength(9);
    expect(await orderState(order.orderId)).toMatchObject({ state: 'paid', settledBy: 'callback' });
    await expectEventually(async () => {
      const results = await paymentResults(code);
      expect(results.map((item) => item.body.type)).toEqual(['payment.completed']);
      expect((await portalDossiers(bus)).get(code)).toMatchObject({ paidFees: ['LP01'] });
    });
    const { data: callbacks } = await bus.paymentAdmin.get<{ responseBody: unknown }[]>('/admin/callbacks', {
      params: { orderId: order.orderId },
    });
    expect(callbacks.map((callback) => callback.responseBody)).toContainEqual(
      expect.objectContaining(answers.applied.code),
    );
    // A retried creation now finds the fees paid.
    const again = await bus.api.post('/v1/payments', orderRequest(code, gateway));
    expect(again.status).toBe(409);
  });

  it('refuses forged, altered, unknown and replayed callbacks, changes nothing, and records each', async () => {
    const { order } = await openOrder();
    const { order: other } = await openOrder();
    // The gateway's own callback, held back: the test replays and alters it.
    const { callbacks } = await citizenPays(bus, gateway, order, { hold: true });
    const genuine = callbacks[0].payload;
    const amountField = gateway === 'paygov' ? 'amount' : 'vnp_Amount';
    const orderField = gateway === 'paygov' ? 'orderId' : 'vnp_TxnRef';

    const forged = await citizenPays(bus, gateway, other, { badSignature: true });
    const altered = { ...genuine, [amountField]: gateway === 'paygov' ? 1_000 : '100000' };
    const replayedForOther = { ...genuine, [orderField]: other.orderId };
    const unknown = genuineCallback(gateway, {
      orderId: 'P20260105UNKNOWN0001',
      amount: 50_000,
      transactionNo: '9',
    });
    const mismatch = genuineCallback(gateway, { orderId: order.orderId, amount: 40_000, transactionNo: '7' });

    await expectEventually(async () => {
      expect((await callbackAttempts(bus, other.orderId)).length).toBeGreaterThanOrEqual(1);
    });
    expect(await sendCallback(bus, gateway, altered)).toEqual({
      status: answers.badSignature.status,
      body: expect.objectContaining(answers.badSignature.code),
    });
    expect((await sendCallback(bus, gateway, replayedForOther)).body).toMatchObject(
      answers.badSignature.code,
    );
    expect((await sendCallback(bus, gateway, unknown)).body).toMatchObject(answers.notFound.code);
    expect((await sendCallback(bus, gateway, mismatch)).body).toMatchObject(answers.amountMismatch.code);
    expect(forged.callbacks).toHaveLength(1);

    expect(await orderState(order.orderId)).toMatchObject({ state: 'pending' });
    expect(await orderState(other.orderId)).toMatchObject({ state: 'pending' });
    const outcomes = [
      ...(await callbackAttempts(bus, order.orderId)),
      ...(await callbackAttempts(bus, other.orderId)),
      ...(await callbackAttempts(bus, 'P20260105UNKNOWN0001')),
    ].map((attempt) => attempt.details.outcome);
    expect(outcomes.sort()).toEqual(
      ['amount-mismatch', 'bad-signature', 'bad-signature', 'bad-signature', 'order-not-found'].sort(),
    );
    const { data: metrics } = await axios.get<string>(`${metricsListeningUrl(bus.gateway)}/metrics`);
    expect(metrics).toMatch(new RegExp(`lgsp_payment_amount_mismatch_total\\{gateway="${gateway}"\\} 1`));

    // The genuine callback, once released, still settles its own order.
    await bus.paymentAdmin.post('/admin/callbacks/release', { ids: [callbacks[0].id] });
    expect(await orderState(order.orderId)).toMatchObject({ state: 'paid' });
  });

  it('settles an order whose callback was lost when reconciliation asks the gateway', async () => {
    const { code, order } = await openOrder();
    await citizenPays(bus, gateway, order, { hold: true });
    const { data: run } = await bus.api.post<{ settled: string[] }>('/v1/ops/payments/reconciliation', {
      olderThanSeconds: 0,
    });
    expect(run.settled).toContain(order.orderId);
    expect(await orderState(order.orderId)).toMatchObject({ state: 'paid', settledBy: 'reconciliation' });
    await expectEventually(async () => {
      expect((await paymentResults(code)).map((item) => item.body.type)).toEqual(['payment.completed']);
    });
    // The late callback, when it finally comes, changes nothing.
    const { data: held } = await bus.paymentAdmin.get<{ id: string; state: string }[]>('/admin/callbacks', {
      params: { orderId: order.orderId },
    });
    await bus.paymentAdmin.post('/admin/callbacks/release', { ids: held.map((callback) => callback.id) });
    expect((await callbackAttempts(bus, order.orderId)).map((attempt) => attempt.details.outcome)).toEqual([
      'applied',
      'already-applied',
    ]);
    expect((await paymentResults(code)).filter((item) => !item.body.type.startsWith('payment.'))).toEqual([]);
  });
});
