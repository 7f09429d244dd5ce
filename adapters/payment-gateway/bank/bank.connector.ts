import { randomBytes } from 'node:crypto';
import axios, { AxiosInstance } from 'axios';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { formatPortalDate, parsePortalDate } from '@lgsp/adapters/national-portal/portal-date';
import type { ConnectorGuard } from '@lgsp/resilience';
import { partnerHttpDefaults } from '@lgsp/security';
import {
  asRecord,
  assertWholeVnd,
  gatewayCallError,
  GATEWAY_MAX_REPLY_BYTES,
  unreadableAnswer,
} from '../gateway-call';
import type { PaymentGatewaySettings } from '../payment-gateway.config';
import type {
  CallbackAnswer,
  CallbackOutcome,
  CallbackReading,
  GatewayOrderState,
  OpenedPayment,
  OrderToQuery,
  PaymentGatewayConnector,
  PaymentToOpen,
  RawCallback,
} from '../payment-gateway.port';
import { verifyVnpayPipeHash, vnpayPipeHash, vnpayQueryString, VnpayParams } from '../vnpay/vnpay-signature';
import { bankAnswer, readBankCallback } from './bank-callback';
import type { BankGatewaySettings } from './bank-gateway.config';

const GATEWAY = 'The bank gateway';
const ACTION = 'transaction query';
const VERSION = '2.1.0';
/** The querydr request's signed fields, in VNPay's order, and its answer's. */
const QUERY_SIGNED = ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_TransactionDate', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'] as const; // prettier-ignore
const ANSWER_SIGNED = ['vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_Amount', 'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType', 'vnp_TransactionStatus', 'vnp_OrderInfo', 'vnp_PromotionCode', 'vnp_PromotionAmount'] as const; // prettier-ignore

const QUERY_OK = '00';
const TRANSACTION_NOT_FOUND = '91';
/** VNPay's own failure: it counts against the breaker; other codes are refusals of our request. */
const QUERY_SYSTEM_ERROR = '99';
/** vnp_TransactionStatus: 00 paid, 01 not completed yet, 02 failed; anything else is reported as unknown. */
const TRANSACTION_STATES: ReadonlyMap<string, GatewayOrderState['state']> = new Map([
  ['00', 'paid'],
  ['01', 'pending'],
  ['02', 'failed'],
]);

export interface BankConnectorOptions {
  /** The request time of a query (vnp_CreateDate); tests fix it. */
  now?: () => Date;
}

/**
 * A bank's gateway (VNPay style). Opening a payment makes no call: the pay URL is signed here and the citizen's
 * browser takes it to the bank. Only the transaction query (querydr) goes over HTTP, under the guard.
 */
export class BankConnector implements PaymentGatewayConnector {
  readonly name = 'bank' as const;
  private readonly http: AxiosInstance;
  private readonly now: () => Date;

  /** @param gateways what every gateway shares (timeout, plain http outside production). */
  constructor(
    private readonly bank: BankGatewaySettings,
    gateways: PaymentGatewaySettings,
    private readonly guard: ConnectorGuard,
    options: BankConnectorOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.http = axios.create(
      partnerHttpDefaults({
        partner: GATEWAY,
        url: bank.url,
        timeoutMs: gateways.timeoutMs,
        maxReplyBytes: GATEWAY_MAX_REPLY_BYTES,
        tls: {},
        allowPlainHttp: gateways.allowPlainHttp,
      }),
    );
  }

  /** No call: a refused amount is still a rejected promise, as with PayGov, never a synchronous throw. */
  open(payment: PaymentToOpen): Promise<OpenedPayment> {
    return new Promise((resolve) => resolve({ paymentUrl: this.payUrl(payment) }));
  }

  private payUrl(payment: PaymentToOpen): string {
    assertWholeVnd(payment.amount);
    const params: VnpayParams = {
      vnp_Version: VERSION,
      vnp_Command: 'pay',
      vnp_TmnCode: this.bank.tmnCode,
      vnp_Amount: String(payment.amount * 100),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: payment.orderId,
      vnp_OrderInfo: payment.description,
      vnp_OrderType: 'other',
      vnp_Locale: 'vn',
      vnp_ReturnUrl: payment.returnUrl,
      vnp_IpAddr: payment.clientIp,
      vnp_CreateDate: formatPortalDate(payment.createdAt),
    };
    return `${this.bank.url}/paymentv2/vpcpay.html?${vnpayQueryString(params, this.bank.hashSecret)}`;
  }

  readCallback(raw: RawCallback): CallbackReading {
    return readBankCallback(raw, this.bank);
  }

  answer(outcome: CallbackOutcome): CallbackAnswer {
    return bankAnswer(outcome);
  }

  async query(order: OrderToQuery): Promise<GatewayOrderState> {
    const request: Record<(typeof QUERY_SIGNED)[number], string> = {
      // At most 32 characters, unique per request (VNPay refuses a repeated one).
      vnp_RequestId: randomBytes(16).toString('hex'),
      vnp_Version: VERSION,
      vnp_Command: 'querydr',
      vnp_TmnCode: this.bank.tmnCode,
      vnp_TxnRef: order.orderId,
      // The payment's vnp_CreateDate, which is how VNPay finds the transaction.
      vnp_TransactionDate: formatPortalDate(order.createdAt),
      vnp_CreateDate: formatPortalDate(this.now()),
      vnp_IpAddr: order.clientIp,
      vnp_OrderInfo: order.description,
    };
    const body = {
      ...request,
      vnp_SecureHash: vnpayPipeHash(
        QUERY_SIGNED.map((field) => request[field]),
        this.bank.hashSecret,
      ),
    };
    const answer = await this.guard.run(async (signal) => {
      try {
        const response = await this.http.post<unknown>('merchant_webapi/api/transaction', body, { signal });
        return this.readAnswer(response.data);
      } catch (error) {
        throw gatewayCallError(GATEWAY, ACTION, error);
      }
    });
    return this.orderState(order.orderId, answer);
  }

  /** The answer's fields, once its own pipe signature verifies; refusals and failures as DomainErrors. */
  private readAnswer(data: unknown): Record<string, string> {
    const answer = asRecord(data);
    if (!answer) throw unreadableAnswer(GATEWAY, ACTION, 'not a JSON object');
    const text = (field: string): string => {
      const value = answer[field];
      return typeof value === 'string' ? value : '';
    };
    const signed = ANSWER_SIGNED.map(text);
    if (!verifyVnpayPipeHash(signed, this.bank.hashSecret, answer.vnp_SecureHash)) {
      throw unreadableAnswer(GATEWAY, ACTION, 'vnp_SecureHash does not match');
    }
    const fields = Object.fromEntries(ANSWER_SIGNED.map((field, index) => [field, signed[index]]));
    const code = fields.vnp_ResponseCode;
    if (code === QUERY_SYSTEM_ERROR || code === '') {
      throw new DomainError(DomainErrorCode.PartnerUnavailable, `${GATEWAY} failed the ${ACTION} (${code})`);
    }
    if (code !== QUERY_OK && code !== TRANSACTION_NOT_FOUND) {
      throw new DomainError(
        DomainErrorCode.RejectedByPartner,
        `${GATEWAY} refused the ${ACTION} (vnp_ResponseCode ${code}): ${fields.vnp_Message}`,
      );
    }
    return fields;
  }

  private orderState(orderId: string, fields: Record<string, string>): GatewayOrderState {
    if (fields.vnp_TxnRef !== orderId) {
      throw unreadableAnswer(GATEWAY, ACTION, 'it is about another vnp_TxnRef');
    }
    if (fields.vnp_ResponseCode === TRANSACTION_NOT_FOUND) {
      return { orderId, state: 'unknown', resultCode: TRANSACTION_NOT_FOUND };
    }
    const status = fields.vnp_TransactionStatus;
    const rawAmount = fields.vnp_Amount;
    const amount = /^\d{1,17}00$/.test(rawAmount) ? Number(rawAmount) / 100 : undefined;
    const paidAt = parsePortalDate(fields.vnp_PayDate);
    return {
      orderId,
      state: TRANSACTION_STATES.get(status) ?? 'unknown',
      ...(amount !== undefined ? { amount } : {}),
      ...(fields.vnp_TransactionNo ? { transactionNo: fields.vnp_TransactionNo } : {}),
      ...(paidAt ? { paidAt } : {}),
      resultCode: status,
    };
  }
}
