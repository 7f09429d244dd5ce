import { createHash } from 'node:crypto';
import {
  paygovCallbackChecksum,
  paygovChecksumsEqual,
  paygovCreateChecksum,
  paygovQueryChecksum,
  verifyPaygovCallback,
} from './paygov-checksum';

const create = {
  accessKey: 'AK',
  partnerCode: 'LGSP',
  orderId: 'ORD-1',
  requestCode: 'REQ-1',
  amount: 150000,
};
const callback = {
  ...create,
  transactionNo: 'T1',
  transactionCode: 'TC1',
  payDate: '20250115093000',
  errorCode: '00',
};

describe('PayGov checksums', () => {
  it('follows the documented create formula', () => {
    const expected = createHash('sha256').update('SECRETAKLGSPORD-1REQ-1150000').digest('hex');
    expect(paygovCreateChecksum('SECRET', create)).toBe(expected);
    expect(paygovCreateChecksum('SECRET', { ...create, amount: '150000' })).toBe(expected);
  });

  it('extends it for the callback and the query', () => {
    const expected = createHash('sha256')
      .update('SECRETAKLGSPORD-1REQ-1150000T1TC12025011509300000')
      .digest('hex');
    expect(paygovCallbackChecksum('SECRET', callback)).toBe(expected);
    expect(paygovQueryChecksum('SECRET', create)).toBe(
      createHash('sha256').update('SECRETAKLGSPORD-1').digest('hex'),
    );
  });

  it('verifies a genuine callback, in either hex case', () => {
    const checksum = paygovCallbackChecksum('SECRET', callback);
    expect(verifyPaygovCallback('SECRET', callback, checksum)).toBe(true);
    expect(verifyPaygovCallback('SECRET', callback, checksum.toUpperCase())).toBe(true);
  });

  it('refuses a tampered field, a wrong secret and malformed checksums', () => {
    const checksum = paygovCallbackChecksum('SECRET', callback);
    expect(verifyPaygovCallback('SECRET', { ...callback, amount: 1500000 }, checksum)).toBe(false);
    expect(verifyPaygovCallback('OTHER', callback, checksum)).toBe(false);
    expect(paygovChecksumsEqual(checksum, checksum.slice(1))).toBe(false);
    expect(paygovChecksumsEqual(checksum, undefined)).toBe(false);
    expect(paygovChecksumsEqual(checksum, 'z'.repeat(64))).toBe(false);
  });
});
