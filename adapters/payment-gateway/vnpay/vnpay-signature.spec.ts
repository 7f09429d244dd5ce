import { createHmac } from 'node:crypto';
import {
  signVnpayParams,
  verifyVnpayParams,
  verifyVnpayPipeHash,
  vnpayPipeHash,
  vnpayQueryString,
  vnpaySignData,
} from './vnpay-signature';

const params = {
  vnp_TxnRef: 'ORD-1',
  vnp_Amount: '15000000',
  vnp_OrderInfo: 'Thanh toán lệ phí (hồ sơ H56-0001)!',
  vnp_Command: 'pay',
  other: 'ignored',
};

describe('VNPay signature', () => {
  it('signs the sorted, form-encoded vnp_ parameters', () => {
    expect(vnpaySignData({ ...params, vnp_SecureHash: 'x', vnp_SecureHashType: 'SHA512' })).toBe(
      'vnp_Amount=15000000&vnp_Command=pay&vnp_OrderInfo=Thanh+to%C3%A1n+l%E1%BB%87+ph%C3%AD+%28h%E1%BB%93+s%C6%A1+H56-0001%29%21&vnp_TxnRef=ORD-1',
    );
  });

  it('is HMAC-SHA512 with the secret', () => {
    const signed = signVnpayParams(params, 'SECRET');
    const expected = createHmac('sha512', 'SECRET').update(vnpaySignData(params)).digest('hex');
    expect(signed.vnp_SecureHash).toBe(expected);
    expect(vnpayQueryString(params, 'SECRET')).toBe(`${vnpaySignData(params)}&vnp_SecureHash=${expected}`);
  });

  it('verifies genuine parameters in any order and refuses tampering', () => {
    const signed = signVnpayParams(params, 'SECRET');
    const reordered = Object.fromEntries(Object.entries(signed).reverse());
    expect(verifyVnpayParams(reordered, 'SECRET')).toBe(true);
    expect(verifyVnpayParams({ ...signed, vnp_Amount: '15000001' }, 'SECRET')).toBe(false);
    expect(verifyVnpayParams(signed, 'OTHER')).toBe(false);
    expect(verifyVnpayParams({ ...signed, vnp_SecureHash: 'abc' }, 'SECRET')).toBe(false);
    const { vnp_SecureHash: _omitted, ...unsigned } = signed;
    expect(verifyVnpayParams(unsigned, 'SECRET')).toBe(false);
  });

  it('signs the transaction API fields joined with pipes', () => {
    const values = ['req-1', '2.1.0', 'querydr', 'TMN', 'ORD-1'];
    const hash = vnpayPipeHash(values, 'SECRET');
    expect(hash).toBe(createHmac('sha512', 'SECRET').update('req-1|2.1.0|querydr|TMN|ORD-1').digest('hex'));
    expect(verifyVnpayPipeHash(values, 'SECRET', hash)).toBe(true);
    expect(verifyVnpayPipeHash([...values.slice(0, 4), 'ORD-2'], 'SECRET', hash)).toBe(false);
  });
});
