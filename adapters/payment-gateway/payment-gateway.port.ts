/**
 * What the bus needs from a payment gateway, whichever it is: open a payment for an order, tell a genuine
 * callback from a forged one, answer the callback in the gateway's own codes, and say what it knows of an order
 * (for reconciliation). The national portal's platform (PayGov style) and a bank (VNPay style) each implement it.
 */

/** The gateways a caller may choose, as the REST contract names them. */
export const PAYMENT_GATEWAYS = ['paygov', 'bank'] as const;
export type PaymentGatewayName = (typeof PAYMENT_GATEWAYS)[number];

export function isPaymentGatewayName(value: unknown): value is PaymentGatewayName {
  return typeof value === 'string' && (PAYMENT_GATEWAYS as readonly string[]).includes(value);
}

/** An order as the gateway must see it to open a payment. */
export interface PaymentToOpen {
  /** Our order id; the gateway's order reference (PayGov `orderId`, VNPay `vnp_TxnRef`). */
  orderId: string;
  dossierCode: string;
  /** Whole VND. */
  amount: number;
  /** Shown to the citizen by the gateway. */
  description: string;
  /** Where the citizen's browser returns (display only). */
  returnUrl: string;
  /** The citizen's address as the caller reported it, or the caller's. */
  clientIp: string;
  createdAt: Date;
}

export interface OpenedPayment {
  /** Where the citizen pays. */
  paymentUrl: string;
  /** The gateway's own reference when it gives one at creation (PayGov `transactionCode`). */
  gatewayReference?: string;
}

/** A callback's parameters exactly as they arrived (JSON body fields or query parameters), before any parsing. */
export type RawCallback = Record<string, unknown>;

/** A callback whose signature is genuine: what the gateway says happened to one order. */
export interface VerifiedCallback {
  kind: 'verified';
  orderId: string;
  /** Whole VND, converted from the gateway's unit (VNPay sends VND × 100). */
  amount: number;
  /** True when the gateway says the citizen paid. */
  paid: boolean;
  /** The gateway's result code as sent (`00` paid). */
  resultCode: string;
  transactionNo: string;
  paidAt?: Date;
}

/** A callback that cannot be trusted or read: nothing it says may change anything. */
export interface RefusedCallback {
  kind: 'bad-signature' | 'malformed';
  /** The order it names, if it names one (for the audit record only). */
  orderId?: string;
  reason: string;
}

export type CallbackReading = VerifiedCallback | RefusedCallback;

/** What the bus decided about one callback; each gateway answers it in its own codes. */
export type CallbackOutcome =
  | 'applied'
  | 'already-applied'
  | 'order-not-found'
  | 'amount-mismatch'
  | 'bad-signature'
  | 'malformed'
  | 'error';

/** The HTTP answer to a callback, in the gateway's protocol. */
export interface CallbackAnswer {
  status: number;
  body: Record<string, string>;
}

/** What the gateway says of one order when asked (reconciliation). */
export interface GatewayOrderState {
  orderId: string;
  state: 'paid' | 'pending' | 'failed' | 'unknown';
  amount?: number;
  transactionNo?: string;
  paidAt?: Date;
  resultCode?: string;
}

/** An order as reconciliation asks the gateway about it. */
export interface OrderToQuery {
  orderId: string;
  createdAt: Date;
  clientIp: string;
  description: string;
}

export interface PaymentGatewayConnector {
  readonly name: PaymentGatewayName;
  /** Calls the gateway under its breaker and timeout; fails with a DomainError (503 family) when it cannot. */
  open(payment: PaymentToOpen): Promise<OpenedPayment>;
  /** Verifies the signature on the raw parameters in constant time; never throws on bad input. */
  readCallback(raw: RawCallback): CallbackReading;
  answer(outcome: CallbackOutcome): CallbackAnswer;
  /** Asks the gateway for one order's state, under its breaker and timeout. */
  query(order: OrderToQuery): Promise<GatewayOrderState>;
}
