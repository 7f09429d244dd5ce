import axios, { type AxiosInstance } from 'axios';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';

export type PaymentGatewayName = 'paygov' | 'bank';

/** The simulators' admin APIs the citizen and the checks go through. */
export interface PaymentAdmins {
  payment: AxiosInstance;
  oneStop: AxiosInstance;
  portal: AxiosInstance;
}

/** The demo's bounded wait (main.ts): polls `condition` until it holds or throws at the deadline. */
export type Until = (condition: () => Promise<boolean>, timeoutMs: number, what: string) => Promise<void>;

export interface PaymentLine {
  orderId: string;
  dossierCode: string;
  gateway: PaymentGatewayName;
  /** What the citizen did on the gateway's page. */
  citizen: 'pays' | 'cancels';
  /** The fees the order is for (their codes). */
  feeCodes: string[];
  state: string;
  settledBy?: string;
  oneStopReceived: boolean;
  portalFeePaid: boolean;
}

interface Fee {
  code: string;
  amount: number;
  collectionMethod?: string;
}

interface OrderAnswer {
  orderId?: string;
  paymentUrl?: string;
  state?: string;
  settledBy?: string;
}

/**
 * Who pays how, in this order: a short run with two dossiers still shows a payment and a cancellation through
 * both gateways. '24' is the code both gateways give when the citizen cancels on the payment page.
 */
const PLAN: { gateway: PaymentGatewayName; cancelled: boolean }[] = [
  { gateway: 'paygov', cancelled: false },
  { gateway: 'bank', cancelled: true },
  { gateway: 'bank', cancelled: false },
  { gateway: 'paygov', cancelled: false },
];
const CANCELLED_BY_CITIZEN = '24';
const RETURN_URL = 'https://motcua.example.gov.vn/payments/return';
const CITIZEN_IP = '203.113.1.10';

/**
 * Points the payment-gateway simulator's callbacks at the gateway, as a province registers its public callback
 * addresses with each gateway; the bus's address is known only once it listens.
 */
export async function configurePaymentCallbacks(
  paymentAdmin: AxiosInstance,
  gatewayUrl: string,
): Promise<void> {
  await paymentAdmin.post('/admin/payment/config', {
    paygovCallbackUrl: `${gatewayUrl}/v1/payments/callbacks/paygov`,
    vnpayIpnUrl: `${gatewayUrl}/v1/payments/callbacks/bank`,
  });
}

/**
 * Citizens pay the online fees of the first dossiers (up to four: two through PayGov, two through the bank, one
 * cancelled on the bank's page), as the one-stop office asks the bus for each order. Waits until each order is
 * settled, its result is with the one-stop system and, when paid, the portal shows the fee paid. `dossierCodes`
 * are the demo's codes in the order of their example index (dossierRegistration), which gives their fees.
 */
export async function payDossierFees(
  api: AxiosInstance,
  admins: PaymentAdmins,
  dossierCodes: string[],
  until: Until,
  timeoutMs = 60_000,
): Promise<PaymentLine[]> {
  const payers = PLAN.slice(0, dossierCodes.length);
  const placed: PaymentLine[] = [];
  for (const [index, plan] of payers.entries()) {
    const dossierCode = dossierCodes[index];
    const fees = onlineFees(dossierCode, index);
    const order = await placeOrder(api, dossierCode, plan.gateway, fees);
    await citizenOnPaymentPage(admins.payment, plan.gateway, order, plan.cancelled);
    placed.push({
      orderId: order.orderId,
      dossierCode,
      gateway: plan.gateway,
      citizen: plan.cancelled ? 'cancels' : 'pays',
      feeCodes: fees.map((fee) => fee.code),
      state: 'pending',
      oneStopReceived: false,
      portalFeePaid: false,
    });
  }
  let lines = placed;
  await until(
    async () => {
      lines = await observe(api, admins, placed);
      return lines.every(isSettledEverywhere);
    },
    timeoutMs,
    'every payment was settled, its result reached the one-stop system and each paid fee the portal',
  );
  return lines;
}

/** The dossier's fees the citizen pays online, from the registration the demo sent. */
function onlineFees(dossierCode: string, index: number): { code: string; amount: number }[] {
  const { fees } = dossierRegistration(dossierCode, index) as { fees: Fee[] };
  const online = fees.filter((fee) => fee.collectionMethod === 'online');
  if (online.length === 0) throw new Error(`the demo's dossier ${dossierCode} has no fee paid online`);
  return online.map(({ code, amount }) => ({ code, amount }));
}

async function placeOrder(
  api: AxiosInstance,
  dossierCode: string,
  gateway: PaymentGatewayName,
  fees: { code: string; amount: number }[],
): Promise<{ orderId: string; paymentUrl: string }> {
  const response = await api.post<OrderAnswer>('/v1/payments', {
    dossierCode,
    fees,
    amount: fees.reduce((sum, fee) => sum + fee.amount, 0),
    gateway,
    returnUrl: RETURN_URL,
    citizenIpAddress: CITIZEN_IP,
  });
  const { orderId, paymentUrl } = response.data;
  if (response.status !== 201 || !orderId || !paymentUrl) {
    throw new Error(
      `the gateway opened no payment for ${dossierCode} through ${gateway} (HTTP ${response.status}): ` +
        JSON.stringify(response.data),
    );
  }
  return { orderId, paymentUrl };
}

/** The citizen's browser opens the payment page (the bank learns of the order only then), then pays or cancels. */
async function citizenOnPaymentPage(
  paymentAdmin: AxiosInstance,
  gateway: PaymentGatewayName,
  order: { orderId: string; paymentUrl: string },
  cancelled: boolean,
): Promise<void> {
  const page = await axios.get(order.paymentUrl, { validateStatus: () => true });
  if (page.status !== 200) throw new Error(`the payment page of ${order.orderId} answered ${page.status}`);
  const result = cancelled ? CANCELLED_BY_CITIZEN : '00';
  await (gateway === 'paygov'
    ? paymentAdmin.post('/admin/paygov/pay', { orderId: order.orderId, errorCode: result })
    : paymentAdmin.post('/admin/vnpay/pay', { txnRef: order.orderId, responseCode: result }));
}

/** Each order as the bus, the one-stop system and the portal see it now. */
async function observe(
  api: AxiosInstance,
  admins: PaymentAdmins,
  placed: PaymentLine[],
): Promise<PaymentLine[]> {
  const portal = (
    await admins.portal.get<{ maHoSo: string; paidFees?: string[] }[]>('/admin/portal/dossiers')
  ).data;
  const paidOnPortal = new Map(portal.map((dossier) => [dossier.maHoSo, dossier.paidFees ?? []]));
  return Promise.all(
    placed.map(async (line) => {
      const order = await api.get<OrderAnswer>(`/v1/payments/${line.orderId}`);
      if (order.status !== 200) throw new Error(`GET /v1/payments/${line.orderId} answered ${order.status}`);
      const results = await admins.oneStop.get<{ body?: { payload?: { orderId?: string } } }[]>(
        '/admin/one-stop/received',
        { params: { kind: 'payment-results', key: line.dossierCode } },
      );
      const paidFees = paidOnPortal.get(line.dossierCode) ?? [];
      return {
        ...line,
        state: order.data.state ?? 'unknown',
        settledBy: order.data.settledBy,
        oneStopReceived: results.data.some((item) => item.body?.payload?.orderId === line.orderId),
        portalFeePaid: line.feeCodes.every((code) => paidFees.includes(code)),
      };
    }),
  );
}

/** A cancelled payment leaves the fee unpaid on the portal: only its result goes to the one-stop system. */
function isSettledEverywhere(line: PaymentLine): boolean {
  if (line.state === 'pending' || !line.oneStopReceived) return false;
  return line.state === 'paid' ? line.portalFeePaid : true;
}

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

export function printPayments(lines: PaymentLine[], say: (line: string) => void): void {
  say('Fee payments (the one-stop office opens an order, the citizen pays or cancels on the gateway page)');
  say(
    `  ${'order'.padEnd(22)} ${'dossier'.padEnd(22)} ${'gateway'.padEnd(7)} ${'citizen'.padEnd(7)} ` +
      `${'state'.padEnd(7)} one-stop received  portal fee paid`,
  );
  for (const line of lines) {
    say(
      `  ${line.orderId.padEnd(22)} ${line.dossierCode.padEnd(22)} ${line.gateway.padEnd(7)} ` +
        `${line.citizen.padEnd(7)} ${line.state.padEnd(7)} ${yesNo(line.oneStopReceived).padEnd(18)} ` +
        `${yesNo(line.portalFeePaid)}`,
    );
  }
}
