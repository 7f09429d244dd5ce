import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * PayGov-style checksums: SHA-256 (hex) over the secret key followed by the fields, concatenated without
 * separators. Amounts are whole VND; on verification pass them exactly as they arrived on the wire.
 */
export interface PaygovCreateFields {
  accessKey: string;
  partnerCode: string;
  orderId: string;
  requestCode: string;
  amount: number | string;
}

/** Fields of the payment-result callback. orderInfo is free text and left out of the checksum on purpose. */
export interface PaygovCallbackFields extends PaygovCreateFields {
  transactionNo: string;
  transactionCode: string;
  payDate: string;
  errorCode: string;
}

export interface PaygovQueryFields {
  accessKey: string;
  partnerCode: string;
  orderId: string;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `sha256hex(secretKey + accessKey + partnerCode + orderId + requestCode + amount)`, the documented formula. */
export function paygovCreateChecksum(secretKey: string, fields: PaygovCreateFields): string {
  return sha256Hex(
    secretKey +
      fields.accessKey +
      fields.partnerCode +
      fields.orderId +
      fields.requestCode +
      String(fields.amount),
  );
}

/**
 * `sha256hex(secretKey + accessKey + partnerCode + orderId + requestCode + amount + transactionNo +
 * transactionCode + payDate + errorCode)`: the create formula extended with what the callback adds, so the
 * result code and the transaction cannot be altered without the secret.
 */
export function paygovCallbackChecksum(secretKey: string, fields: PaygovCallbackFields): string {
  return sha256Hex(
    secretKey +
      fields.accessKey +
      fields.partnerCode +
      fields.orderId +
      fields.requestCode +
      String(fields.amount) +
      fields.transactionNo +
      fields.transactionCode +
      fields.payDate +
      fields.errorCode,
  );
}

/** `sha256hex(secretKey + accessKey + partnerCode + orderId)` for the transaction query. */
export function paygovQueryChecksum(secretKey: string, fields: PaygovQueryFields): string {
  return sha256Hex(secretKey + fields.accessKey + fields.partnerCode + fields.orderId);
}

/** Compares hex checksums in constant time; anything that is not 64 hex digits never matches. */
export function paygovChecksumsEqual(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{64}$/.test(given) || !/^[0-9a-f]{64}$/i.test(expected)) {
    return false;
  }
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

export function verifyPaygovCallback(
  secretKey: string,
  fields: PaygovCallbackFields,
  given: unknown,
): boolean {
  return paygovChecksumsEqual(paygovCallbackChecksum(secretKey, fields), given);
}
