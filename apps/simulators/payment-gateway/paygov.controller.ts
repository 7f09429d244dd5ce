import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  paygovChecksumsEqual,
  paygovCreateChecksum,
  paygovQueryChecksum,
} from '@lgsp/adapters/payment-gateway/paygov/paygov-checksum';
import { Clock } from '../kit/clock';
import { PAYMENT_OPTIONS, PaymentSimulatorOptions } from './payment-simulator.options';
import { PaymentTransactionStore } from './payment-transaction.store';

/** PayGov reply codes as this simulator uses them; "00" is success. */
export const PaygovCode = {
  OK: '00',
  INVALID_DATA: '01',
  WRONG_CHECKSUM: '02',
  UNKNOWN_PARTNER: '03',
  ORDER_CONFLICT: '04',
  ORDER_NOT_FOUND: '05',
  SYSTEM_ERROR: '99',
} as const;

export interface PaygovReply {
  error_code: (typeof PaygovCode)[keyof typeof PaygovCode];
  message: string;
  data?: Record<string, unknown>;
}

const CREATE_TEXT_FIELDS = ['partnerCode', 'returnUrl', 'orderId', 'orderInfo', 'requestCode', 'ipAddress', 'accessKey', 'serviceCode', 'checksum'] as const; // prettier-ignore

function fail(code: PaygovReply['error_code'], message: string): PaygovReply {
  return { error_code: code, message };
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** Amounts are whole VND; a digit string is accepted and signed exactly as it came. */
function wholeAmount(value: unknown): number | undefined {
  const amount =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(amount) && amount > 0 ? amount : undefined;
}

/** The national payment platform (PayGov style): create a transaction, pay page, query. */
@Controller('paygov')
export class PaygovController {
  constructor(
    private readonly transactions: PaymentTransactionStore,
    private readonly clock: Clock,
    @Inject(PAYMENT_OPTIONS) private readonly options: PaymentSimulatorOptions,
  ) {}

  @Post('transactions')
  @HttpCode(200)
  create(@Body() body: unknown, @Req() request: FastifyRequest): PaygovReply {
    const input = fieldsOf(body);
    const missing = CREATE_TEXT_FIELDS.filter(
      (field) => typeof input[field] !== 'string' || input[field] === '',
    );
    const amount = wholeAmount(input.amount);
    if (missing.length > 0) return fail(PaygovCode.INVALID_DATA, `missing or empty: ${missing.join(', ')}`);
    if (amount === undefined)
      return fail(PaygovCode.INVALID_DATA, 'amount must be a positive whole number of VND');
    const text = (field: (typeof CREATE_TEXT_FIELDS)[number]): string => String(input[field]);
    const { partnerCode, accessKey, secretKey } = this.options.paygov;
    if (text('partnerCode') !== partnerCode || text('accessKey') !== accessKey) {
      return fail(PaygovCode.UNKNOWN_PARTNER, 'unknown partnerCode or accessKey');
    }
    const expected = paygovCreateChecksum(secretKey, {
      accessKey,
      partnerCode,
      orderId: text('orderId'),
      requestCode: text('requestCode'),
      amount: input.amount as number | string,
    });
    if (!paygovChecksumsEqual(expected, input.checksum))
      return fail(PaygovCode.WRONG_CHECKSUM, 'checksum does not match');
    const payUrl = (code: string): string =>
      `${request.protocol}://${request.headers.host ?? 'localhost'}/paygov/pay/${code}`;
    const existing = this.transactions.get('paygov', text('orderId'));
    if (existing) {
      // A retried create for the same order is answered again; a different one under a used id is refused.
      if (existing.amount !== amount || existing.requestCode !== text('requestCode')) {
        return fail(PaygovCode.ORDER_CONFLICT, `orderId ${existing.orderId} was used for another payment`);
      }
      return this.created(existing.orderId, existing.transactionCode, payUrl(existing.transactionCode));
    }
    const transactionCode = `PG${this.transactions.nextNumber()}`;
    this.transactions.add({
      gateway: 'paygov',
      orderId: text('orderId'),
      amount,
      orderInfo: text('orderInfo'),
      requestCode: text('requestCode'),
      returnUrl: text('returnUrl'),
      transactionCode,
      createdAt: this.clock.now().toISOString(),
      status: 'pending',
    });
    return this.created(text('orderId'), transactionCode, payUrl(transactionCode));
  }

  @Get('pay/:transactionCode')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(@Param('transactionCode') code: string): string {
    const transaction = this.transactions.byTransactionCode(code);
    if (!transaction) throw new NotFoundException('unknown transaction');
    // Only a placeholder: paying is an admin action (POST /admin/paygov/pay) so tests control the outcome.
    return `<!doctype html><title>PayGov</title><p data-order-id="${encodeURIComponent(transaction.orderId)}">Thanh toán ${transaction.amount} VND</p>`;
  }

  @Post('transactions/query')
  @HttpCode(200)
  query(@Body() body: unknown): PaygovReply {
    const input = fieldsOf(body);
    const { partnerCode, accessKey, secretKey } = this.options.paygov;
    if (typeof input.orderId !== 'string' || input.orderId === '')
      return fail(PaygovCode.INVALID_DATA, 'orderId is required');
    if (input.partnerCode !== partnerCode || input.accessKey !== accessKey) {
      return fail(PaygovCode.UNKNOWN_PARTNER, 'unknown partnerCode or accessKey');
    }
    const expected = paygovQueryChecksum(secretKey, { partnerCode, accessKey, orderId: input.orderId });
    if (!paygovChecksumsEqual(expected, input.checksum))
      return fail(PaygovCode.WRONG_CHECKSUM, 'checksum does not match');
    const transaction = this.transactions.get('paygov', input.orderId);
    if (!transaction) return fail(PaygovCode.ORDER_NOT_FOUND, `no transaction for order ${input.orderId}`);
    return {
      error_code: PaygovCode.OK,
      message: 'Thành công',
      data: {
        orderId: transaction.orderId,
        amount: transaction.amount,
        requestCode: transaction.requestCode,
        transactionCode: transaction.transactionCode,
        status: transaction.status,
        errorCode: transaction.resultCode ?? null,
        transactionNo: transaction.transactionNo ?? null,
        payDate: transaction.payDate ?? null,
      },
    };
  }

  private created(orderId: string, transactionCode: string, url: string): PaygovReply {
    return { error_code: PaygovCode.OK, message: 'Thành công', data: { url, orderId, transactionCode } };
  }
}
