import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Post,
  Query,
} from '@nestjs/common';
import { CallbackDelivery, CallbackDispatcher, UnknownDeliveryError } from './callback-dispatcher';
import { PayActionError, PayActionService, PayOptions, PayResult } from './pay-action.service';
import { PAYMENT_OPTIONS, PaymentSimulatorOptions } from './payment-simulator.options';
import { Gateway, PaymentTransaction, PaymentTransactionStore } from './payment-transaction.store';

function record(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

function payOptions(input: Record<string, unknown>, codeField: string): PayOptions {
  const code = input[codeField] ?? '00';
  const copies = input.copies ?? 1;
  const delayMs = input.delayMs ?? 0;
  if (typeof code !== 'string' || !/^\d{2}$/.test(code))
    throw new BadRequestException(`${codeField} must be two digits`);
  if (typeof copies !== 'number' || !Number.isInteger(copies) || copies < 1 || copies > 20) {
    throw new BadRequestException('copies must be 1..20');
  }
  if (typeof delayMs !== 'number' || delayMs < 0)
    throw new BadRequestException('delayMs must be a non-negative number');
  return {
    resultCode: code,
    copies,
    delayMs,
    badSignature: input.badSignature === true,
    hold: input.hold === true,
  };
}

/**
 * The citizen's side of a payment and the test controls of callbacks:
 * `POST /admin/paygov/pay {orderId, errorCode?, copies?, delayMs?, badSignature?, hold?}`,
 * `POST /admin/vnpay/pay {txnRef, responseCode?, ...same}`, `POST /admin/callbacks/release {ids}` (in that order).
 */
@Controller('admin')
export class PaymentAdminController {
  constructor(
    private readonly payments: PayActionService,
    private readonly dispatcher: CallbackDispatcher,
    private readonly transactions: PaymentTransactionStore,
    @Inject(PAYMENT_OPTIONS) private readonly options: PaymentSimulatorOptions,
  ) {}

  @Post('paygov/pay')
  @HttpCode(200)
  payPaygov(@Body() body: unknown): PayResult {
    const input = record(body);
    return this.pay('paygov', input.orderId, payOptions(input, 'errorCode'));
  }

  @Post('vnpay/pay')
  @HttpCode(200)
  payVnpay(@Body() body: unknown): PayResult {
    const input = record(body);
    return this.pay('vnpay', input.txnRef, payOptions(input, 'responseCode'));
  }

  @Post('callbacks/release')
  @HttpCode(200)
  async release(@Body() body: unknown): Promise<CallbackDelivery[]> {
    const ids = record(body).ids;
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
      throw new BadRequestException('ids must be a list of callback ids');
    }
    try {
      return await this.dispatcher.release(ids);
    } catch (error) {
      if (error instanceof UnknownDeliveryError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Get('callbacks')
  callbacks(@Query('orderId') orderId?: string): CallbackDelivery[] {
    return this.dispatcher.list(orderId);
  }

  @Get('payment/transactions')
  list(@Query('gateway') gateway?: string): PaymentTransaction[] {
    return this.transactions.list(gateway === 'paygov' || gateway === 'vnpay' ? gateway : undefined);
  }

  /** Points callbacks at the bus once its address is known: `{paygovCallbackUrl?, vnpayIpnUrl?}`. */
  @Post('payment/config')
  @HttpCode(200)
  configure(@Body() body: unknown): { paygovCallbackUrl?: string; vnpayIpnUrl?: string } {
    const input = record(body);
    for (const key of ['paygovCallbackUrl', 'vnpayIpnUrl']) {
      const value = input[key];
      if (value !== undefined && (typeof value !== 'string' || !/^https?:\/\//.test(value))) {
        throw new BadRequestException(`${key} must be an http(s) URL`);
      }
    }
    if (typeof input.paygovCallbackUrl === 'string')
      this.options.paygov.callbackUrl = input.paygovCallbackUrl;
    if (typeof input.vnpayIpnUrl === 'string') this.options.vnpay.ipnUrl = input.vnpayIpnUrl;
    return { paygovCallbackUrl: this.options.paygov.callbackUrl, vnpayIpnUrl: this.options.vnpay.ipnUrl };
  }

  private pay(gateway: Gateway, orderId: unknown, options: PayOptions): PayResult {
    if (typeof orderId !== 'string' || orderId === '')
      throw new BadRequestException('the order id is required');
    try {
      return this.payments.pay(gateway, orderId, options);
    } catch (error) {
      if (error instanceof PayActionError) throw new HttpException(error.message, error.status);
      throw error;
    }
  }
}
