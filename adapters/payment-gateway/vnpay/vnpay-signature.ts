import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * VNPay-style signing: HMAC-SHA512 (hex) over the `vnp_` parameters sorted by name, each name and value
 * URL-encoded the way PHP's urlencode does (space as +, also encoding !'()*), joined as a query string, without
 * vnp_SecureHash and vnp_SecureHashType. Verification runs on the raw parameters as received.
 */
export type VnpayParams = Record<string, string>;

const EXCLUDED = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);

/** PHP urlencode semantics, which VNPay's own samples sign with. */
export function vnpayFormEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The exact text that is signed. */
export function vnpaySignData(params: VnpayParams): string {
  return Object.keys(params)
    .filter((key) => key.startsWith('vnp_') && !EXCLUDED.has(key))
    .sort()
    .map((key) => `${vnpayFormEncode(key)}=${vnpayFormEncode(params[key])}`)
    .join('&');
}

function hmacHex(secret: string, data: string): string {
  return createHmac('sha512', secret).update(data, 'utf8').digest('hex');
}

export function vnpaySecureHash(params: VnpayParams, secret: string): string {
  return hmacHex(secret, vnpaySignData(params));
}

/** The parameters plus their vnp_SecureHash. */
export function signVnpayParams(params: VnpayParams, secret: string): VnpayParams {
  return { ...params, vnp_SecureHash: vnpaySecureHash(params, secret) };
}

/** The full query string (signed), as carried in payment, return and IPN URLs. */
export function vnpayQueryString(params: VnpayParams, secret: string): string {
  return `${vnpaySignData(params)}&vnp_SecureHash=${vnpaySecureHash(params, secret)}`;
}

function hexEqual(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

/** True when vnp_SecureHash matches the other parameters; compared in constant time. */
export function verifyVnpayParams(params: VnpayParams, secret: string): boolean {
  return hexEqual(vnpaySecureHash(params, secret), params.vnp_SecureHash);
}

/** The transaction API (querydr/refund) signs its fields joined with "|" in a fixed order instead. */
export function vnpayPipeHash(values: readonly string[], secret: string): string {
  return hmacHex(secret, values.join('|'));
}

export function verifyVnpayPipeHash(values: readonly string[], secret: string, given: unknown): boolean {
  return hexEqual(vnpayPipeHash(values, secret), given);
}
