import axios from 'axios';
import { Client } from 'pg';
import { paygovCallbackChecksum } from '@lgsp/adapters/payment-gateway/paygov/paygov-checksum';
import { signVnpayParams } from '@lgsp/adapters/payment-gateway/vnpay/vnpay-signature';
import { DEFAULT_PAYMENT_OPTIONS } from '../../../apps/simulators/payment-gateway/payment-simulator.options';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { expectEventually } from '../expect-eventually';
import { BusUnderTest, portalDossiers } from '../e2e/bus-under-test';
import { databaseUrl } from '../test-environment';

export type GatewayUnderTest = 'paygov' | 'bank';

export interface OrderAnswer {
  orderId: string;
  paymentUrl: string;
  state: string;
  amount: number;
  settledBy?: string;
  transactionNo?: string;
}

export interface CallbackAttempt {
  action: string;
  details: { outcome: string };
}

/** Registers a dossier (one online fee LP01 of 50,000 VND) and waits until the portal has it. */
export async function registerDossier(bus: BusUnderTest, code: string, index: number): Promise<void> {
  const response = await bus.api.post(
    '/v1/dossiers',
    dossierRegistration(code, index, Date.UTC(2026, 0, 5, 2)),
  );
  if (response.status !== 202) throw new Error(`registration answered ${response.status}`);
  await expectEventually(async () => {
    if (!(await portalDossiers(bus)).has(code)) throw new Error(`${code} is not on the portal yet`);
  });
}

export function orderRequest(
  code: string,
  gateway: GatewayUnderTest,
  amount = 50_000,
): Record<string, unknown> {
  return {
    dossierCode: code,
    fees: [{ code: 'LP01', amount: 50_000 }],
    amount,
    gateway,
    returnUrl: 'https://motcua.example.gov.vn/payments/return',
    citizenIpAddress: '203.113.1.10',
  };
}

/** The citizen pays on the simulator; `hold` keeps its callbacks until released (a lost callback never is). */
export async function citizenPays(
  bus: BusUnderTest,
  gateway: GatewayUnderTest,
  order: Pick<OrderAnswer, 'orderId' | 'paymentUrl'>,
  options: { copies?: number; hold?: boolean; badSignature?: boolean; resultCode?: string } = {},
): Promise<{ callbacks: { id: string; payload: Record<string, unknown> }[] }> {
  const { resultCode, ...rest } = options;
  const { orderId } = order;
  // The citizen's browser opens the payment URL first; the bank learns of the order only then.
  const page = await axios.get(order.paymentUrl, { validateStatus: () => true });
  if (page.status !== 200) throw new Error(`the payment page answered ${page.status}`);
  const { data } = await bus.paymentAdmin.post(
    gateway === 'paygov' ? '/admin/paygov/pay' : '/admin/vnpay/pay',
    gateway === 'paygov'
      ? { orderId, ...rest, ...(resultCode ? { errorCode: resultCode } : {}) }
      : { txnRef: orderId, ...rest, ...(resultCode ? { responseCode: resultCode } : {}) },
  );
  return data as { callbacks: { id: string; payload: Record<string, unknown> }[] };
}

/** Sends a callback to the bus as the gateway would (PayGov: JSON POST; bank: IPN GET with the query). */
export async function sendCallback(
  bus: BusUnderTest,
  gateway: GatewayUnderTest,
  payload: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, string> }> {
  // No token: a gateway has none, its signature is all it shows.
  const gatewayCaller = axios.create({ baseURL: bus.api.defaults.baseURL, validateStatus: () => true });
  const response =
    gateway === 'paygov'
      ? await gatewayCaller.post('/v1/payments/callbacks/paygov', payload)
      : await gatewayCaller.get('/v1/payments/callbacks/bank', { params: payload });
  return { status: response.status, body: response.data as Record<string, string> };
}

/** A callback signed with the gateway's real secret, saying what the test wants: a genuine gateway's word. */
export function genuineCallback(
  gateway: GatewayUnderTest,
  fields: { orderId: string; amount: number; transactionNo: string },
): Record<string, unknown> {
  if (gateway === 'paygov') {
    const { partnerCode, accessKey, secretKey } = DEFAULT_PAYMENT_OPTIONS.paygov;
    const signed = {
      accessKey,
      partnerCode,
      orderId: fields.orderId,
      requestCode: fields.orderId,
      amount: fields.amount,
      transactionNo: fields.transactionNo,
      transactionCode: `PG${fields.transactionNo}`,
      payDate: '20260105100000',
      errorCode: '00',
    };
    return {
      amount: signed.amount,
      orderId: signed.orderId,
      orderInfo: 'Fees',
      requestCode: signed.requestCode,
      transactionNo: signed.transactionNo,
      payDate: signed.payDate,
      errorCode: signed.errorCode,
      transactionCode: signed.transactionCode,
      checksum: paygovCallbackChecksum(secretKey, signed),
    };
  }
  const { tmnCode, hashSecret } = DEFAULT_PAYMENT_OPTIONS.vnpay;
  return signVnpayParams(
    {
      vnp_Amount: String(fields.amount * 100),
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: 'Fees',
      vnp_PayDate: '20260105100000',
      vnp_ResponseCode: '00',
      vnp_TmnCode: tmnCode,
      vnp_TransactionNo: fields.transactionNo,
      vnp_TransactionStatus: '00',
      vnp_TxnRef: fields.orderId,
    },
    hashSecret,
  );
}

/** Every callback attempt about one order in the payment-callback audit chain, oldest first. */
export async function callbackAttempts(bus: BusUnderTest, orderId: string): Promise<CallbackAttempt[]> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<CallbackAttempt>(
      `SELECT action, details FROM ${bus.env.schema}.audit_record
       WHERE stream = 'payment-callback' AND subject = $1 ORDER BY sequence`,
      [orderId],
    );
    return rows;
  } finally {
    await client.end();
  }
}

export async function ordersOf(bus: BusUnderTest, dossierCode: string): Promise<{ state: string }[]> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string }>(
      `SELECT state FROM ${bus.env.schema}.payment_order WHERE dossier_code = $1`,
      [dossierCode],
    );
    return rows;
  } finally {
    await client.end();
  }
}
