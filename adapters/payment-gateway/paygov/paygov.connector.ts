import axios, { AxiosInstance } from 'axios';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { parsePortalDate } from '@lgsp/adapters/national-portal/portal-date';
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
import { paygovAnswer, readPaygovCallback } from './paygov-callback';
import { paygovCreateChecksum, paygovQueryChecksum } from './paygov-checksum';
import type { PaygovSettings } from './paygov.config';

const GATEWAY = 'PayGov';
const OK = '00';
const ORDER_NOT_FOUND = '05';
/** PayGov's own failure: it is up but cannot serve, which counts against its breaker. */
const SYSTEM_ERROR = '99';
const STATES: ReadonlySet<string> = new Set(['paid', 'pending', 'failed']);

interface PaygovReply {
  code: string;
  message: string;
  data: Record<string, unknown>;
}

/** `{error_code, message, data}`; a code other than 00 is a refusal, 99 the platform's own failure. */
function readReply(action: string, body: unknown, accept: readonly string[] = []): PaygovReply {
  const reply = asRecord(body);
  if (!reply || typeof reply.error_code !== 'string')
    throw unreadableAnswer(GATEWAY, action, 'no error_code');
  const code = reply.error_code;
  const message = typeof reply.message === 'string' ? reply.message : '';
  if (code === SYSTEM_ERROR) {
    throw new DomainError(DomainErrorCode.PartnerUnavailable, `${GATEWAY} failed the ${action}: ${message}`);
  }
  if (code !== OK && !accept.includes(code)) {
    throw new DomainError(
      DomainErrorCode.RejectedByPartner,
      `${GATEWAY} refused the ${action} (error_code ${code}): ${message}`,
    );
  }
  return { code, message, data: asRecord(reply.data) ?? {} };
}

const optionalText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The national payment platform (PayGov style): create and query over HTTP, callbacks checked locally. */
export class PaygovConnector implements PaymentGatewayConnector {
  readonly name = 'paygov' as const;
  private readonly http: AxiosInstance;

  /** @param gateways what every gateway shares (timeout, plain http outside production). */
  constructor(
    private readonly paygov: PaygovSettings,
    gateways: PaymentGatewaySettings,
    private readonly guard: ConnectorGuard,
  ) {
    this.http = axios.create(
      partnerHttpDefaults({
        partner: GATEWAY,
        url: paygov.url,
        timeoutMs: gateways.timeoutMs,
        maxReplyBytes: GATEWAY_MAX_REPLY_BYTES,
        tls: {},
        allowPlainHttp: gateways.allowPlainHttp,
      }),
    );
  }

  async open(payment: PaymentToOpen): Promise<OpenedPayment> {
    assertWholeVnd(payment.amount);
    const { partnerCode, accessKey, secretKey, serviceCode } = this.paygov;
    // The order id doubles as the request code, so a create repeated after a timeout is the same request to
    // PayGov (it answers the existing transaction) rather than a conflicting second one.
    const requestCode = payment.orderId;
    const body = {
      partnerCode,
      returnUrl: payment.returnUrl,
      orderId: payment.orderId,
      amount: payment.amount,
      orderInfo: payment.description,
      requestCode,
      ipAddress: payment.clientIp,
      accessKey,
      serviceCode,
      checksum: paygovCreateChecksum(secretKey, {
        accessKey,
        partnerCode,
        orderId: payment.orderId,
        requestCode,
        amount: payment.amount,
      }),
    };
    const { data } = await this.call('payment creation', 'paygov/transactions', body);
    const url = optionalText(data.url);
    if (!url || !/^https?:\/\//.test(url)) throw unreadableAnswer(GATEWAY, 'payment creation', 'no data.url');
    const reference = optionalText(data.transactionCode);
    return reference ? { paymentUrl: url, gatewayReference: reference } : { paymentUrl: url };
  }

  readCallback(raw: RawCallback): CallbackReading {
    return readPaygovCallback(raw, this.paygov);
  }

  answer(outcome: CallbackOutcome): CallbackAnswer {
    return paygovAnswer(outcome);
  }

  async query(order: OrderToQuery): Promise<GatewayOrderState> {
    const { partnerCode, accessKey, secretKey } = this.paygov;
    const body = {
      partnerCode,
      accessKey,
      orderId: order.orderId,
      checksum: paygovQueryChecksum(secretKey, { partnerCode, accessKey, orderId: order.orderId }),
    };
    const reply = await this.call('transaction query', 'paygov/transactions/query', body, [ORDER_NOT_FOUND]);
    if (reply.code === ORDER_NOT_FOUND)
      return { orderId: order.orderId, state: 'unknown', resultCode: reply.code };
    const { data } = reply;
    if (typeof data.status !== 'string' || !STATES.has(data.status)) {
      throw unreadableAnswer(GATEWAY, 'transaction query', 'data.status is not paid, pending or failed');
    }
    const amount =
      typeof data.amount === 'number' && Number.isSafeInteger(data.amount) ? data.amount : undefined;
    const transactionNo = optionalText(data.transactionNo);
    const resultCode = optionalText(data.errorCode);
    const paidAt = typeof data.payDate === 'string' ? parsePortalDate(data.payDate) : undefined;
    return {
      orderId: order.orderId,
      state: data.status as GatewayOrderState['state'],
      ...(amount !== undefined ? { amount } : {}),
      ...(transactionNo ? { transactionNo } : {}),
      ...(paidAt ? { paidAt } : {}),
      ...(resultCode ? { resultCode } : {}),
    };
  }

  /** One POST under the guard; the answer is read inside it, so the breaker sees what the answer said. */
  private call(
    action: string,
    path: string,
    body: object,
    accept: readonly string[] = [],
  ): Promise<PaygovReply> {
    return this.guard.run(async (signal) => {
      try {
        const response = await this.http.post<unknown>(path, body, { signal });
        return readReply(action, response.data, accept);
      } catch (error) {
        throw gatewayCallError(GATEWAY, action, error);
      }
    });
  }
}
