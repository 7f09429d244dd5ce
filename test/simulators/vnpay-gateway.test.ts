import request from 'supertest';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import {
  vnpayPipeHash,
  vnpayQueryString,
  verifyVnpayParams,
} from '@lgsp/adapters/payment-gateway/vnpay/vnpay-signature';
import { expectEventually } from '../support/expect-eventually';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';
import { CallbackReceiver } from '../support/simulators/callback-receiver';

const VNPAY = { tmnCode: 'LGSPTEST', hashSecret: 'LGSPVNPAYSECRET' };

describe('payment gateway simulator (VNPay style)', () => {
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

  describe('VNPay style', () => {
    const payParams = (txnRef: string, amount = 150_000) => ({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: VNPAY.tmnCode,
      vnp_Amount: String(amount * 100),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: txnRef,
      vnp_OrderInfo: `Thanh toan le phi ${txnRef}`,
      vnp_OrderType: 'other',
      vnp_Locale: 'vn',
      vnp_ReturnUrl: 'https://motcua.example/vnpay/return',
      vnp_IpAddr: '203.0.113.7',
      vnp_CreateDate: '20250115090000',
    });

    it('accepts a signed payment redirect and refuses a tampered one', async () => {
      const query = vnpayQueryString(payParams('V-1'), VNPAY.hashSecret);
      expect((await simulator().get(`/paymentv2/vpcpay.html?${query}`).expect(200)).body).toMatchObject({
        RspCode: '00',
        vnp_TxnRef: 'V-1',
      });
      const tampered = query.replace('vnp_Amount=15000000', 'vnp_Amount=100');
      expect((await simulator().get(`/paymentv2/vpcpay.html?${tampered}`).expect(400)).body.RspCode).toBe(
        '97',
      );
      const odd = vnpayQueryString({ ...payParams('V-2'), vnp_Amount: '1234' }, VNPAY.hashSecret);
      expect((await simulator().get(`/paymentv2/vpcpay.html?${odd}`).expect(400)).body.RspCode).toBe('03');
    });

    it('sends a signed IPN when the citizen pays, verifiable on the raw query', async () => {
      await simulator()
        .get(`/paymentv2/vpcpay.html?${vnpayQueryString(payParams('V-3'), VNPAY.hashSecret)}`)
        .expect(200);
      receiver.answer = { RspCode: '00', Message: 'Confirm Success' };
      const paid = await simulator().post('/admin/vnpay/pay').send({ txnRef: 'V-3' }).expect(200);
      expect(paid.body.returnUrl).toContain('https://motcua.example/vnpay/return?');
      await expectEventually(() => expect(receiver.received).toHaveLength(1));
      const ipn = receiver.received[0];
      expect(ipn.method).toBe('GET');
      const params = Object.fromEntries(new URLSearchParams(ipn.rawQuery));
      expect(params).toMatchObject({
        vnp_TxnRef: 'V-3',
        vnp_Amount: '15000000',
        vnp_ResponseCode: '00',
        vnp_TransactionStatus: '00',
      });
      expect(verifyVnpayParams(params, VNPAY.hashSecret)).toBe(true);
      const returned = Object.fromEntries(new URL(paid.body.returnUrl as string).searchParams);
      expect(verifyVnpayParams(returned, VNPAY.hashSecret)).toBe(true);
    });

    it('signs the IPN with a wrong key on request', async () => {
      await simulator()
        .get(`/paymentv2/vpcpay.html?${vnpayQueryString(payParams('V-4'), VNPAY.hashSecret)}`)
        .expect(200);
      await simulator().post('/admin/vnpay/pay').send({ txnRef: 'V-4', badSignature: true }).expect(200);
      await expectEventually(() => expect(receiver.received).toHaveLength(1));
      expect(
        verifyVnpayParams(
          Object.fromEntries(new URLSearchParams(receiver.received[0].rawQuery)),
          VNPAY.hashSecret,
        ),
      ).toBe(false);
    });

    it('answers the querydr API, signed with pipes', async () => {
      await simulator()
        .get(`/paymentv2/vpcpay.html?${vnpayQueryString(payParams('V-5'), VNPAY.hashSecret)}`)
        .expect(200);
      const ask = (txnRef: string, secret = VNPAY.hashSecret) => {
        const fields = {
          vnp_RequestId: `q-${txnRef}`,
          vnp_Version: '2.1.0',
          vnp_Command: 'querydr',
          vnp_TmnCode: VNPAY.tmnCode,
          vnp_TxnRef: txnRef,
          vnp_TransactionDate: '20250115090000',
          vnp_CreateDate: '20250115091000',
          vnp_IpAddr: '203.0.113.7',
          vnp_OrderInfo: 'query',
        };
        return simulator()
          .post('/merchant_webapi/api/transaction')
          .send({ ...fields, vnp_SecureHash: vnpayPipeHash(Object.values(fields), secret) })
          .expect(200);
      };
      const before = (await ask('V-5')).body;
      expect(before).toMatchObject({
        vnp_ResponseCode: '00',
        vnp_TransactionStatus: '01',
        vnp_Amount: '15000000',
      });
      const answerOrder = [
        'vnp_ResponseId',
        'vnp_Command',
        'vnp_ResponseCode',
        'vnp_Message',
        'vnp_TmnCode',
        'vnp_TxnRef',
        'vnp_Amount',
        'vnp_BankCode',
        'vnp_PayDate',
        'vnp_TransactionNo',
        'vnp_TransactionType',
        'vnp_TransactionStatus',
        'vnp_OrderInfo',
        'vnp_PromotionCode',
        'vnp_PromotionAmount',
      ];
      expect(before.vnp_SecureHash).toBe(
        vnpayPipeHash(
          answerOrder.map((field) => before[field] as string),
          VNPAY.hashSecret,
        ),
      );
      await simulator().post('/admin/vnpay/pay').send({ txnRef: 'V-5' }).expect(200);
      expect((await ask('V-5')).body.vnp_TransactionStatus).toBe('00');
      expect((await ask('V-404')).body.vnp_ResponseCode).toBe('91');
      expect((await ask('V-5', 'wrong')).body.vnp_ResponseCode).toBe('97');
    });
  });
});
