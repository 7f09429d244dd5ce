import type { BankGatewaySettings } from './bank-gateway.config';
import type { CallbackOutcome } from '../payment-gateway.port';
import { vnpaySecureHash, VnpayParams } from '../vnpay/vnpay-signature';
import { bankAnswer, readBankCallback } from './bank-callback';

const BANK: BankGatewaySettings = {
  url: 'http://127.0.0.1:4103',
  tmnCode: 'LGSPTEST',
  hashSecret: 'LGSPVNPAYSECRET',
};

/** An IPN's query parameters as VNPay (and the simulator's pay action) sends them, signed with `secret`. */
function ipn(overrides: Partial<VnpayParams> = {}, secret = BANK.hashSecret): Record<string, unknown> {
  const params: VnpayParams = {
    vnp_Amount: '15000000',
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP14000001',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Le phi H56.1-260101-0001',
    vnp_PayDate: '20260115093000',
    vnp_ResponseCode: '00',
    vnp_TmnCode: BANK.tmnCode,
    vnp_TransactionNo: '14000001',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: 'ORD-1',
    ...overrides,
  };
  return { ...params, vnp_SecureHash: vnpaySecureHash(params, secret) };
}

describe('readBankCallback', () => {
  it('verifies a genuine paid IPN, converting VND × 100 to VND', () => {
    expect(readBankCallback(ipn(), BANK)).toEqual({
      kind: 'verified',
      orderId: 'ORD-1',
      amount: 150_000,
      paid: true,
      resultCode: '00',
      transactionNo: '14000001',
      paidAt: new Date('2026-01-15T02:30:00Z'),
    });
  });

  it('verifies a genuine failed payment as not paid', () => {
    const failed = ipn({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' });
    expect(readBankCallback(failed, BANK)).toMatchObject({ kind: 'verified', paid: false, resultCode: '24' });
  });

  it('is paid only when both the response code and the transaction status are 00', () => {
    const pending = ipn({ vnp_TransactionStatus: '01' });
    expect(readBankCallback(pending, BANK)).toMatchObject({ kind: 'verified', paid: false });
  });

  it('ignores parameters that are not vnp_ (not signed) and vnp_SecureHashType', () => {
    const extra = { ...ipn(), utm_source: ['a', 'b'], vnp_SecureHashType: 'HmacSHA512' };
    expect(readBankCallback(extra, BANK).kind).toBe('verified');
  });

  it('refuses an altered amount as bad-signature, naming the order', () => {
    expect(readBankCallback({ ...ipn(), vnp_Amount: '1500000' }, BANK)).toEqual({
      kind: 'bad-signature',
      orderId: 'ORD-1',
      reason: 'vnp_SecureHash does not match',
    });
  });

  it('refuses an IPN signed with another secret, or with its hash altered', () => {
    expect(readBankCallback(ipn({}, 'not-the-shared-secret'), BANK).kind).toBe('bad-signature');
    expect(readBankCallback({ ...ipn(), vnp_SecureHash: 'ab'.repeat(64) }, BANK).kind).toBe('bad-signature');
    expect(readBankCallback({ ...ipn(), vnp_SecureHash: 'not hex' }, BANK).kind).toBe('bad-signature');
  });

  it('refuses a genuine IPN for another terminal', () => {
    expect(readBankCallback(ipn({ vnp_TmnCode: 'OTHER' }), BANK)).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('vnp_TmnCode'),
    });
  });

  it.each([
    'vnp_TmnCode',
    'vnp_TxnRef',
    'vnp_Amount',
    'vnp_ResponseCode',
    'vnp_TransactionStatus',
    'vnp_SecureHash',
  ])('calls an IPN without %s malformed, naming it', (field) => {
    const { [field]: _dropped, ...rest } = ipn();
    const reading = readBankCallback(rest, BANK);
    expect(reading.kind).toBe('malformed');
    expect(reading).toHaveProperty('reason', expect.stringContaining(field));
  });

  it.each([
    ['vnp_Amount', '15000050'],
    ['vnp_Amount', '-15000000'],
    ['vnp_Amount', '1.5e7'],
    ['vnp_Amount', 15_000_000],
    ['vnp_TxnRef', ['ORD-1', 'ORD-2']],
    ['vnp_OrderInfo', '\uD800'],
  ])('calls %s = %j malformed, naming it', (field, value) => {
    const reading = readBankCallback({ ...ipn(), [field]: value }, BANK);
    expect(reading.kind).toBe('malformed');
    expect(reading).toHaveProperty('reason', expect.stringContaining(field));
  });

  it('accepts a genuine amount that is a multiple of 100 only', () => {
    expect(readBankCallback(ipn({ vnp_Amount: '15000050' }), BANK).kind).toBe('malformed');
    expect(readBankCallback(ipn({ vnp_Amount: '100' }), BANK)).toMatchObject({ kind: 'verified', amount: 1 });
  });

  it('never throws on junk', () => {
    for (const junk of [null, undefined, 'vnp_Amount=1', 42, []]) {
      expect(readBankCallback(junk as unknown as Record<string, unknown>, BANK).kind).toBe('malformed');
    }
    expect(readBankCallback({ ...ipn(), ['vnp_\uDC00']: 'x' }, BANK).kind).toBe('malformed');
  });
});

describe('bankAnswer', () => {
  it.each<[CallbackOutcome, string]>([
    ['applied', '00'],
    ['order-not-found', '01'],
    ['already-applied', '02'],
    ['amount-mismatch', '04'],
    ['bad-signature', '97'],
    ['malformed', '99'],
    ['error', '99'],
  ])('answers %s with RspCode %s over HTTP 200', (outcome, code) => {
    expect(bankAnswer(outcome)).toEqual({
      status: 200,
      body: { RspCode: code, Message: expect.any(String) },
    });
  });
});
