import { Inject, Injectable } from '@nestjs/common';
import { formatPortalDate } from '@lgsp/adapters/national-portal/portal-date';
import { paygovCallbackChecksum } from '@lgsp/adapters/payment-gateway/paygov/paygov-checksum';
import {
  vnpayQueryString,
  vnpaySecureHash,
  VnpayParams,
} from '@lgsp/adapters/payment-gateway/vnpay/vnpay-signature';
import { Clock } from '../kit/clock';
import { CallbackDelivery, CallbackDispatcher } from './callback-dispatcher';
import { PAYMENT_OPTIONS, PaymentSimulatorOptions } from './payment-simulator.options';
import { Gateway, PaymentTransaction, PaymentTransactionStore } from './payment-transaction.store';

/** How the "citizen pays" action should misbehave. */
export interface PayOptions {
  /** "00" paid; anything else is a failed payment (for example "24", cancelled by the citizen). */
  resultCode: string;
  /** How many identical callbacks to send. */
  copies: number;
  delayMs: number;
  badSignature: boolean;
  /** Keep the callbacks until released, to deliver them in a chosen order. */
  hold: boolean;
}

export interface PayResult {
  transaction: PaymentTransaction;
  callbacks: CallbackDelivery[];
  /** Where the citizen's browser is sent back to (display only; the callback is the truth). */
  returnUrl?: string;
}

export class PayActionError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const WRONG_SECRET = 'not-the-shared-secret';

/** The citizen pays (or fails to): the gateway marks the transaction and calls the bus back, signed. */
@Injectable()
export class PayActionService {
  constructor(
    private readonly clock: Clock,
    private readonly transactions: PaymentTransactionStore,
    private readonly dispatcher: CallbackDispatcher,
    @Inject(PAYMENT_OPTIONS) private readonly options: PaymentSimulatorOptions,
  ) {}

  pay(gateway: Gateway, orderId: string, options: PayOptions): PayResult {
    const transaction = this.transactions.get(gateway, orderId);
    if (!transaction) throw new PayActionError(404, `no ${gateway} transaction for order ${orderId}`);
    if (transaction.status === 'paid') throw new PayActionError(409, `order ${orderId} is already paid`);
    const target = gateway === 'paygov' ? this.options.paygov.callbackUrl : this.options.vnpay.ipnUrl;
    if (!target) throw new PayActionError(409, `no ${gateway} callback URL configured`);
    transaction.status = options.resultCode === '00' ? 'paid' : 'failed';
    transaction.transactionNo = this.transactions.nextNumber();
    transaction.payDate = formatPortalDate(this.clock.now());
    transaction.resultCode = options.resultCode;
    const payload =
      gateway === 'paygov'
        ? this.paygovPayload(transaction, options)
        : this.vnpayPayload(transaction, options);
    const callbacks = Array.from({ length: options.copies }, () =>
      this.dispatcher.prepare(
        {
          gateway,
          orderId,
          method: gateway === 'paygov' ? 'POST' : 'GET',
          url: target,
          payload: { ...payload },
          badSignature: options.badSignature,
        },
        { delayMs: options.delayMs, hold: options.hold },
      ),
    );
    const returnUrl =
      gateway === 'vnpay' && transaction.returnUrl
        ? `${transaction.returnUrl}${transaction.returnUrl.includes('?') ? '&' : '?'}${vnpayQueryString(this.withoutHash(payload), this.options.vnpay.hashSecret)}`
        : undefined;
    return { transaction, callbacks, returnUrl };
  }

  private paygovPayload(transaction: PaymentTransaction, options: PayOptions): Record<string, unknown> {
    const fields = {
      accessKey: this.options.paygov.accessKey,
      partnerCode: this.options.paygov.partnerCode,
      orderId: transaction.orderId,
      requestCode: transaction.requestCode,
      amount: transaction.amount,
      transactionNo: transaction.transactionNo ?? '',
      transactionCode: transaction.transactionCode,
      payDate: transaction.payDate ?? '',
      errorCode: options.resultCode,
    };
    const secret = options.badSignature ? WRONG_SECRET : this.options.paygov.secretKey;
    return {
      amount: fields.amount,
      orderId: fields.orderId,
      orderInfo: transaction.orderInfo,
      requestCode: fields.requestCode,
      transactionNo: fields.transactionNo,
      payDate: fields.payDate,
      errorCode: fields.errorCode,
      transactionCode: fields.transactionCode,
      checksum: paygovCallbackChecksum(secret, fields),
    };
  }

  private vnpayPayload(transaction: PaymentTransaction, options: PayOptions): VnpayParams {
    const params: VnpayParams = {
      vnp_Amount: String(transaction.amount * 100),
      vnp_BankCode: 'NCB',
      vnp_BankTranNo: `VNP${transaction.transactionNo ?? ''}`,
      vnp_CardType: 'ATM',
      vnp_OrderInfo: transaction.orderInfo,
      vnp_PayDate: transaction.payDate ?? '',
      vnp_ResponseCode: options.resultCode,
      vnp_TmnCode: this.options.vnpay.tmnCode,
      vnp_TransactionNo: transaction.transactionNo ?? '',
      vnp_TransactionStatus: options.resultCode === '00' ? '00' : '02',
      vnp_TxnRef: transaction.orderId,
    };
    const secret = options.badSignature ? WRONG_SECRET : this.options.vnpay.hashSecret;
    return { ...params, vnp_SecureHash: vnpaySecureHash(params, secret) };
  }

  private withoutHash(payload: Record<string, unknown>): VnpayParams {
    const params: VnpayParams = {};
    for (const [key, value] of Object.entries(payload))
      if (key !== 'vnp_SecureHash') params[key] = String(value);
    return params;
  }
}
