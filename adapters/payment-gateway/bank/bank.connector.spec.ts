import type { ConnectorGuard } from '@lgsp/resilience';
import type { PaymentGatewaySettings } from '../payment-gateway.config';
import { verifyVnpayParams } from '../vnpay/vnpay-signature';
import type { BankGatewaySettings } from './bank-gateway.config';
import { BankConnector } from './bank.connector';

const GATEWAYS: PaymentGatewaySettings = {
  enabled: ['bank'],
  timeoutMs: 1000,
  resetTimeoutMs: 1000,
  allowPlainHttp: true,
};
const BANK: BankGatewaySettings = {
  url: 'http://127.0.0.1:4103',
  tmnCode: 'LGSPTEST',
  hashSecret: 'LGSPVNPAYSECRET',
};

/** Opening a bank payment makes no call, so the guard must never be used. */
const unusedGuard = {
  run: () => Promise.reject(new Error('open() must not call the bank')),
} as unknown as ConnectorGuard;

const PAYMENT = {
  orderId: 'ORD-7',
  dossierCode: 'H56.1-260101-0001',
  amount: 150_000,
  description: 'Lệ phí hồ sơ H56.1-260101-0001 (đợt 1)',
  returnUrl: 'https://motcua.example/payments/return?x=1&y=2',
  clientIp: '203.0.113.7',
  createdAt: new Date('2026-01-15T02:30:00Z'),
};

describe('BankConnector.open', () => {
  const connector = new BankConnector(BANK, GATEWAYS, unusedGuard);

  it('signs the pay URL so that the bank verifies it', async () => {
    const { paymentUrl, gatewayReference } = await connector.open(PAYMENT);
    expect(gatewayReference).toBeUndefined();
    const url = new URL(paymentUrl);
    expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:4103/paymentv2/vpcpay.html');
    const params = Object.fromEntries(url.searchParams);
    expect(verifyVnpayParams(params, BANK.hashSecret)).toBe(true);
    expect(verifyVnpayParams(params, 'another secret')).toBe(false);
    expect(params).toEqual({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: 'LGSPTEST',
      vnp_Amount: '15000000',
      vnp_CurrCode: 'VND',
      vnp_TxnRef: 'ORD-7',
      vnp_OrderInfo: PAYMENT.description,
      vnp_OrderType: 'other',
      vnp_Locale: 'vn',
      vnp_ReturnUrl: PAYMENT.returnUrl,
      vnp_IpAddr: '203.0.113.7',
      // 02:30 UTC is 09:30 in Vietnam.
      vnp_CreateDate: '20260115093000',
      vnp_SecureHash: expect.stringMatching(/^[0-9a-f]{128}$/),
    });
  });

  it('refuses an amount that is not whole VND before signing anything', async () => {
    await expect(connector.open({ ...PAYMENT, amount: 1.5 })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
