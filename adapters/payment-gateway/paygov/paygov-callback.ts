import { parsePortalDate } from '@lgsp/adapters/national-portal/portal-date';
import { asRecord } from '../gateway-call';
import type { PaygovSettings } from './paygov.config';
import type {
  CallbackAnswer,
  CallbackOutcome,
  CallbackReading,
  RawCallback,
  RefusedCallback,
} from '../payment-gateway.port';
import { verifyPaygovCallback } from './paygov-checksum';

/** Signed text fields of the callback: a string each, and these must not be empty. */
const TEXT_FIELDS = ['orderId', 'requestCode', 'transactionNo', 'transactionCode', 'payDate', 'errorCode', 'checksum'] as const; // prettier-ignore
const NON_EMPTY: ReadonlySet<string> = new Set(['orderId', 'requestCode', 'errorCode', 'checksum']);

/** PayGov's "paid" result code. */
export const PAYGOV_PAID = '00';

/** A whole VND amount as PayGov may send it: a JSON number or a digit string. */
function wholeVnd(value: unknown): number | undefined {
  const amount =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,16}$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(amount) && amount > 0 ? amount : undefined;
}

/**
 * Reads a PayGov result callback (the JSON body as parsed, untouched). The checksum is computed over the fields
 * exactly as they came (the amount as a number or a string, whichever was sent) with our access key and partner
 * code, and compared in constant time. Nothing here throws: junk is `malformed`, naming the field.
 */
export function readPaygovCallback(raw: RawCallback, paygov: PaygovSettings): CallbackReading {
  const body = asRecord(raw);
  if (!body) return { kind: 'malformed', reason: 'the callback is not a JSON object' };
  const orderId = typeof body.orderId === 'string' && body.orderId !== '' ? body.orderId : undefined;
  const refuse = (kind: RefusedCallback['kind'], reason: string): RefusedCallback =>
    orderId === undefined ? { kind, reason } : { kind, reason, orderId };
  const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {};
  for (const field of TEXT_FIELDS) {
    const value = body[field];
    if (typeof value !== 'string') return refuse('malformed', `${field} is missing or not a string`);
    if (value === '' && NON_EMPTY.has(field)) return refuse('malformed', `${field} is empty`);
    text[field] = value;
  }
  const amount = wholeVnd(body.amount);
  if (amount === undefined) {
    return refuse('malformed', 'amount is missing or not a positive whole number of VND');
  }
  const { requestCode = '', transactionNo = '', transactionCode = '', payDate = '', errorCode = '' } = text;
  const genuine = verifyPaygovCallback(
    paygov.secretKey,
    {
      accessKey: paygov.accessKey,
      partnerCode: paygov.partnerCode,
      orderId: orderId ?? '',
      requestCode,
      // As it came: 150000 and "150000" sign alike, "0150000" does not.
      amount: body.amount as number | string,
      transactionNo,
      transactionCode,
      payDate,
      errorCode,
    },
    body.checksum,
  );
  if (!genuine) return refuse('bad-signature', 'checksum does not match');
  const paidAt = parsePortalDate(payDate);
  return {
    kind: 'verified',
    orderId: orderId ?? '',
    amount,
    paid: errorCode === PAYGOV_PAID,
    resultCode: errorCode,
    transactionNo,
    ...(paidAt ? { paidAt } : {}),
  };
}

type PaygovAnswerCode = 'SUCCESSFUL' | 'FAILED' | 'SIGNATURE_WRONG';

/**
 * What PayGov is told. A repeated callback is answered SUCCESSFUL like the first, so the platform stops
 * sending it; every other refusal is FAILED except a forged one. Always HTTP 200: the code is in the body.
 */
const ANSWERS: Readonly<Record<CallbackOutcome, [PaygovAnswerCode, string]>> = {
  applied: ['SUCCESSFUL', 'Payment result recorded'],
  'already-applied': ['SUCCESSFUL', 'Payment result already recorded'],
  'order-not-found': ['FAILED', 'Order not found'],
  'amount-mismatch': ['FAILED', 'Amount does not match the order'],
  'bad-signature': ['SIGNATURE_WRONG', 'Checksum does not match'],
  malformed: ['FAILED', 'Malformed callback'],
  error: ['FAILED', 'The payment result could not be recorded, please retry'],
};

export function paygovAnswer(outcome: CallbackOutcome): CallbackAnswer {
  const [code, message] = ANSWERS[outcome];
  return { status: 200, body: { error_code: code, error_message: message } };
}
