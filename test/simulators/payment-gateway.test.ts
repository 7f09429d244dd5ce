import request from 'supertest';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import {
  paygovCreateChecksum,
  paygovQueryChecksum,
  verifyPaygovCallback,
} from '@lgsp/adapters/payment-gateway/paygov/paygov-checksum';
import { expectEventually } from '../support/expect-eventually';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';
import { CallbackReceiver } from '../support/simulators/callback-receiver';

const PAYGOV = { partnerCode: 'LGSP', accessKey: 'lgsp-access-key', secretKey: 'lgsp-paygov-secret' };

function createBody(orderId: string, amount = 150_000, requestCode = `REQ-${orderId}`) {
  const fields = {
    accessKey: PAYGOV.accessKey,
    partnerCode: PAYGOV.partnerCode,
    orderId,
    requestCode,
    amount,
  };
  return {
    ...fields,
    returnUrl: 'https://motcua.example/payments/return',
    orderInfo: `Lệ phí hồ sơ ${orderId}`,
    ipAddress: '203.0.113.7',
    serviceCode: 'LEPHI',
    checksum: paygovCreateChecksum(PAYGOV.secretKey, fields),
  };
}

function callbackFields(body: Record<string, unknown>) {
  return {
    accessKey: PAYGOV.accessKey,
    partnerCode: PAYGOV.partnerCode,
    orderId: String(body.orderId),
    requestCode: String(body.requestCode),
    amount: body.amount as number,
    transactionNo: String(body.transactionNo),
    transactionCode: String(body.transactionCode),
    payDate: String(body.payDate),
    errorCode: String(body.errorCode),
  };
}

describe('payment gateway simulator (PayGov style)', () => {
  let sims: RunningSimulators;
  let receiver: CallbackReceiver;
  let base: string;
  /** Every call carries the admin token (admin routes need it; protocol routes ignore it). */
  const simulator = () => request.agent(base).set(ADMIN_TOKEN_HEADER, sims.adminToken);

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    sims = await startSimulators({
      paymentGateway: {
        paygov: { callbackUrl: `${receiver.url}/paygov/callback` },
        vnpay: { ipnUrl: `${receiver.url}/vnpay/ipn` },
      },
    });
    base = sims.urls.paymentGateway;
  });
  afterAll(async () => {
    await sims.close();
    await receiver.close();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    await simulator().post('/admin/reset').expect(204);
  });

  describe('PayGov style', () => {
    it('creates a transaction and answers the payment page URL, again for a retried create', async () => {
      const reply = await simulator().post('/paygov/transactions').send(createBody('ORD-1')).expect(200);
      expect(reply.body).toMatchObject({ error_code: '00', data: { orderId: 'ORD-1' } });
      const url = new URL(reply.body.data.url as string);
      await simulator().get(url.pathname).expect(200).expect('content-type', /html/);
      const again = await simulator().post('/paygov/transactions').send(createBody('ORD-1')).expect(200);
      expect(again.body.data.url).toBe(reply.body.data.url);
      expect(
        (await simulator().post('/paygov/transactions').send(createBody('ORD-1', 1000))).body.error_code,
      ).toBe('04');
    });

    it.each([
      ['a wrong checksum', { checksum: 'ab'.repeat(32) }, '02'],
      ['a missing field', { serviceCode: undefined }, '01'],
      ['a fractional amount', { amount: 10.5 }, '01'],
      ['an unknown access key', { accessKey: 'other' }, '03'],
    ])('refuses %s', async (_name, change, code) => {
      const reply = await simulator()
        .post('/paygov/transactions')
        .send({ ...createBody('ORD-X'), ...change })
        .expect(200);
      expect(reply.body.error_code).toBe(code);
    });

    it('fires a signed callback when the citizen pays, and the query shows the payment', async () => {
      await simulator().post('/paygov/transactions').send(createBody('ORD-2')).expect(200);
      const paid = await simulator().post('/admin/paygov/pay').send({ orderId: 'ORD-2' }).expect(200);
      expect(paid.body.transaction.status).toBe('paid');
      await expectEventually(() => expect(receiver.received).toHaveLength(1));
      const body = receiver.received[0].body as Record<string, unknown>;
      expect(body).toMatchObject({
        orderId: 'ORD-2',
        amount: 150_000,
        errorCode: '00',
        orderInfo: 'Lệ phí hồ sơ ORD-2',
      });
      expect(body.payDate).toMatch(/^\d{14}$/);
      expect(verifyPaygovCallback(PAYGOV.secretKey, callbackFields(body), body.checksum)).toBe(true);
      await expectEventually(async () => {
        const deliveries = (await simulator().get('/admin/callbacks').query({ orderId: 'ORD-2' })).body;
        expect(deliveries[0]).toMatchObject({
          state: 'delivered',
          responseStatus: 200,
          responseBody: { error_code: 'SUCCESSFUL' },
        });
      });
      const query = { partnerCode: PAYGOV.partnerCode, accessKey: PAYGOV.accessKey, orderId: 'ORD-2' };
      const found = await simulator()
        .post('/paygov/transactions/query')
        .send({ ...query, checksum: paygovQueryChecksum(PAYGOV.secretKey, query) })
        .expect(200);
      expect(found.body.data).toMatchObject({
        status: 'paid',
        errorCode: '00',
        transactionNo: body.transactionNo,
      });
      expect(
        (
          await simulator()
            .post('/paygov/transactions/query')
            .send({ ...query, checksum: 'x' })
        ).body.error_code,
      ).toBe('02');
      await simulator().post('/admin/paygov/pay').send({ orderId: 'ORD-2' }).expect(409);
      await simulator().post('/admin/paygov/pay').send({ orderId: 'ORD-404' }).expect(404);
    });

    it('sends duplicates, bad signatures and late callbacks on request', async () => {
      await simulator().post('/paygov/transactions').send(createBody('ORD-3')).expect(200);
      await simulator()
        .post('/admin/paygov/pay')
        .send({ orderId: 'ORD-3', copies: 2, badSignature: true, delayMs: 100 })
        .expect(200);
      const pending = (await simulator().get('/admin/callbacks')).body as { state: string }[];
      expect(pending.map((delivery) => delivery.state)).toEqual(['scheduled', 'scheduled']);
      await expectEventually(() => expect(receiver.received).toHaveLength(2));
      const [first, second] = receiver.received.map((callback) => callback.body as Record<string, unknown>);
      expect(first).toEqual(second);
      expect(verifyPaygovCallback(PAYGOV.secretKey, callbackFields(first), first.checksum)).toBe(false);
    });

    it('holds callbacks and releases them out of order', async () => {
      await simulator().post('/paygov/transactions').send(createBody('ORD-4')).expect(200);
      const failed = (
        await simulator()
          .post('/admin/paygov/pay')
          .send({ orderId: 'ORD-4', errorCode: '24', hold: true })
          .expect(200)
      ).body;
      expect(failed.transaction.status).toBe('failed');
      const paid = (
        await simulator().post('/admin/paygov/pay').send({ orderId: 'ORD-4', hold: true }).expect(200)
      ).body;
      expect(receiver.received).toHaveLength(0);
      const released = await simulator()
        .post('/admin/callbacks/release')
        .send({ ids: [paid.callbacks[0].id, failed.callbacks[0].id] })
        .expect(200);
      expect((released.body as { state: string }[]).map((delivery) => delivery.state)).toEqual([
        'delivered',
        'delivered',
      ]);
      expect(receiver.received.map((callback) => (callback.body as { errorCode: string }).errorCode)).toEqual(
        ['00', '24'],
      );
      await simulator()
        .post('/admin/callbacks/release')
        .send({ ids: [paid.callbacks[0].id] })
        .expect(400);
    });

    it('sends callbacks wherever the admin configuration points them', async () => {
      await simulator().post('/admin/payment/config').send({ paygovCallbackUrl: 'not a url' }).expect(400);
      const config = await simulator()
        .post('/admin/payment/config')
        .send({ paygovCallbackUrl: `${receiver.url}/elsewhere` })
        .expect(200);
      expect(config.body.paygovCallbackUrl).toBe(`${receiver.url}/elsewhere`);
      try {
        await simulator().post('/paygov/transactions').send(createBody('ORD-5')).expect(200);
        await simulator().post('/admin/paygov/pay').send({ orderId: 'ORD-5' }).expect(200);
        await expectEventually(() =>
          expect(receiver.received.map((callback) => callback.path)).toEqual(['/elsewhere']),
        );
      } finally {
        await simulator()
          .post('/admin/payment/config')
          .send({ paygovCallbackUrl: `${receiver.url}/paygov/callback` })
          .expect(200);
      }
    });
  });
});
