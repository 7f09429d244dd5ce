import type { PaygovSettings } from './paygov.config';
import type { CallbackOutcome } from '../payment-gateway.port';
import { paygovAnswer, readPaygovCallback } from './paygov-callback';
import { paygovCallbackChecksum } from './paygov-checksum';

const PAYGOV: PaygovSettings = {
  url: 'http://127.0.0.1:4103',
  partnerCode: 'LGSP',
  accessKey: 'lgsp-access-key',
  secretKey: 'lgsp-paygov-secret',
  serviceCode: 'LGSP-FEE',
};

/** A callback as the platform (and the simulator's pay action) sends it, signed with `secret`. */
function callback(
  overrides: { amount?: number | string; errorCode?: string } = {},
  secret = PAYGOV.secretKey,
): Record<string, unknown> {
  const fields = {
    accessKey: PAYGOV.accessKey,
    partnerCode: PAYGOV.partnerCode,
    orderId: 'ORD-1',
    requestCode: 'ORD-1',
    amount: overrides.amount ?? 150_000,
    transactionNo: '14000001',
    transactionCode: 'PG14000000',
    payDate: '20260115093000',
    errorCode: overrides.errorCode ?? '00',
  };
  return {
    amount: fields.amount,
    orderId: fields.orderId,
    orderInfo: 'Le phi H56.1-260101-0001',
    requestCode: fields.requestCode,
    transactionNo: fields.transactionNo,
    payDate: fields.payDate,
    errorCode: fields.errorCode,
    transactionCode: fields.transactionCode,
    checksum: paygovCallbackChecksum(secret, fields),
  };
}

describe('readPaygovCallback', () => {
  it('verifies a genuine paid callback', () => {
    expect(readPaygovCallback(callback(), PAYGOV)).toEqual({
      kind: 'verified',
      orderId: 'ORD-1',
      amount: 150_000,
      paid: true,
      resultCode: '00',
      transactionNo: '14000001',
      // 09:30 in Vietnam is 02:30 UTC.
      paidAt: new Date('2026-01-15T02:30:00Z'),
    });
  });

  it('verifies a genuine failed payment as not paid, with its code', () => {
    expect(readPaygovCallback(callback({ errorCode: '24' }), PAYGOV)).toMatchObject({
      kind: 'verified',
      paid: false,
      resultCode: '24',
    });
  });

  it('checks the amount as it was sent: a digit string signed as such verifies', () => {
    expect(readPaygovCallback(callback({ amount: '150000' }), PAYGOV)).toMatchObject({
      kind: 'verified',
      amount: 150_000,
    });
  });

  it('signs the amount as its text: a number and its digit string alike, a padded string not', () => {
    const signedAsString = { ...callback({ amount: '150000' }), amount: 150_000 };
    expect(readPaygovCallback(signedAsString, PAYGOV).kind).toBe('verified');
    const padded = callback({ amount: '0150000' });
    expect(readPaygovCallback(padded, PAYGOV)).toMatchObject({ kind: 'verified', amount: 150_000 });
    expect(readPaygovCallback({ ...padded, amount: 150_000 }, PAYGOV).kind).toBe('bad-signature');
  });

  it('refuses an altered amount or result code as bad-signature, naming the order', () => {
    expect(readPaygovCallback({ ...callback(), amount: 15_000 }, PAYGOV)).toEqual({
      kind: 'bad-signature',
      orderId: 'ORD-1',
      reason: 'checksum does not match',
    });
    expect(readPaygovCallback({ ...callback({ errorCode: '24' }), errorCode: '00' }, PAYGOV).kind).toBe(
      'bad-signature',
    );
  });

  it('refuses a callback signed with another secret', () => {
    expect(readPaygovCallback(callback({}, 'not-the-shared-secret'), PAYGOV).kind).toBe('bad-signature');
  });

  it('accepts a change of the free text orderInfo, which is not signed', () => {
    expect(readPaygovCallback({ ...callback(), orderInfo: 'other text' }, PAYGOV).kind).toBe('verified');
  });

  it.each(['orderId', 'requestCode', 'transactionNo', 'transactionCode', 'payDate', 'errorCode', 'checksum'])(
    'calls a callback without %s malformed, naming the field',
    (field) => {
      const { [field]: _dropped, ...rest } = callback();
      const reading = readPaygovCallback(rest, PAYGOV);
      expect(reading.kind).toBe('malformed');
      expect(reading).toHaveProperty('reason', expect.stringContaining(field));
    },
  );

  it.each([
    ['amount', undefined],
    ['amount', -5],
    ['amount', 1.5],
    ['amount', '15e4'],
    ['amount', [150_000]],
    ['orderId', 42],
    ['errorCode', null],
    ['checksum', { hex: 'x' }],
  ])('calls %s = %j malformed, naming it', (field, value) => {
    const reading = readPaygovCallback({ ...callback(), [field]: value }, PAYGOV);
    expect(reading.kind).toBe('malformed');
    expect(reading).toHaveProperty('reason', expect.stringContaining(field));
  });

  it('calls a checksum that is not hex a bad signature, never throwing', () => {
    expect(readPaygovCallback({ ...callback(), checksum: 'zz' }, PAYGOV).kind).toBe('bad-signature');
    expect(readPaygovCallback({ ...callback(), checksum: '\uD800' }, PAYGOV).kind).toBe('bad-signature');
  });

  it('never throws on junk', () => {
    for (const junk of [null, undefined, 'text', 42, [], [callback()]]) {
      expect(readPaygovCallback(junk as unknown as Record<string, unknown>, PAYGOV).kind).toBe('malformed');
    }
  });
});

describe('paygovAnswer', () => {
  it.each<[CallbackOutcome, string]>([
    ['applied', 'SUCCESSFUL'],
    ['already-applied', 'SUCCESSFUL'],
    ['order-not-found', 'FAILED'],
    ['amount-mismatch', 'FAILED'],
    ['bad-signature', 'SIGNATURE_WRONG'],
    ['malformed', 'FAILED'],
    ['error', 'FAILED'],
  ])('answers %s with %s over HTTP 200', (outcome, code) => {
    const answer = paygovAnswer(outcome);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ error_code: code, error_message: expect.any(String) });
  });
});
