import { parsePortalDate } from '@lgsp/adapters/national-portal/portal-date';
import { asRecord } from '../gateway-call';
import type { BankGatewaySettings } from './bank-gateway.config';
import type {
  CallbackAnswer,
  CallbackOutcome,
  CallbackReading,
  RawCallback,
  RefusedCallback,
} from '../payment-gateway.port';
import { verifyVnpayParams, VnpayParams } from '../vnpay/vnpay-signature';

/** What an IPN must carry, non-empty; vnp_TransactionNo and vnp_PayDate are read when present. */
const REQUIRED = ['vnp_TmnCode', 'vnp_TxnRef', 'vnp_Amount', 'vnp_ResponseCode', 'vnp_TransactionStatus', 'vnp_SecureHash'] as const; // prettier-ignore

/** VNPay's "success" in both vnp_ResponseCode and vnp_TransactionStatus. */
export const VNPAY_SUCCESS = '00';

/** A lone surrogate cannot be URL-encoded (encodeURIComponent throws), so it cannot have been signed either. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Reads a VNPay IPN (its query parameters as parsed, untouched). Every `vnp_` parameter is signed, so each must
 * be a single string: a repeated parameter (an array) or any other type is `malformed`, naming it. The
 * signature is checked in constant time over the parameters as they came. Nothing here throws.
 */
export function readBankCallback(raw: RawCallback, bank: BankGatewaySettings): CallbackReading {
  const query = asRecord(raw);
  if (!query) return { kind: 'malformed', reason: 'the IPN has no query parameters' };
  const txnRef =
    typeof query.vnp_TxnRef === 'string' && query.vnp_TxnRef !== '' ? query.vnp_TxnRef : undefined;
  const refuse = (kind: RefusedCallback['kind'], reason: string): RefusedCallback =>
    txnRef === undefined ? { kind, reason } : { kind, reason, orderId: txnRef };
  const params: VnpayParams = {};
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('vnp_')) continue;
    if (typeof value !== 'string') return refuse('malformed', `${key} is not a single text value`);
    if (LONE_SURROGATE.test(key) || LONE_SURROGATE.test(value)) {
      return refuse('malformed', `${key} is not well-formed text`);
    }
    params[key] = value;
  }
  const missing = REQUIRED.find((field) => !params[field]);
  if (missing) return refuse('malformed', `${missing} is missing or empty`);
  const rawAmount = params.vnp_Amount;
  // VNPay sends VND × 100; a remainder would be a fraction of a đồng, which no fee has.
  if (
    !/^[1-9]\d{0,17}$/.test(rawAmount) ||
    !rawAmount.endsWith('00') ||
    !Number.isSafeInteger(Number(rawAmount))
  ) {
    return refuse('malformed', 'vnp_Amount is not a positive whole number of VND × 100');
  }
  if (!verifyVnpayParams(params, bank.hashSecret))
    return refuse('bad-signature', 'vnp_SecureHash does not match');
  if (params.vnp_TmnCode !== bank.tmnCode) return refuse('malformed', 'vnp_TmnCode is not this merchant');
  const paidAt = params.vnp_PayDate ? parsePortalDate(params.vnp_PayDate) : undefined;
  return {
    kind: 'verified',
    orderId: params.vnp_TxnRef,
    amount: Number(rawAmount) / 100,
    paid: params.vnp_ResponseCode === VNPAY_SUCCESS && params.vnp_TransactionStatus === VNPAY_SUCCESS,
    resultCode: params.vnp_ResponseCode,
    transactionNo: params.vnp_TransactionNo ?? '',
    ...(paidAt ? { paidAt } : {}),
  };
}

/** VNPay's IPN answer codes, always with HTTP 200: VNPay reads the outcome from RspCode, not the status. */
const ANSWERS: Readonly<Record<CallbackOutcome, [string, string]>> = {
  applied: ['00', 'Confirm Success'],
  'already-applied': ['02', 'Order already confirmed'],
  'order-not-found': ['01', 'Order not found'],
  'amount-mismatch': ['04', 'Invalid amount'],
  'bad-signature': ['97', 'Invalid signature'],
  malformed: ['99', 'Invalid request'],
  error: ['99', 'Unknown error'],
};

export function bankAnswer(outcome: CallbackOutcome): CallbackAnswer {
  const [code, message] = ANSWERS[outcome];
  return { status: 200, body: { RspCode: code, Message: message } };
}
