import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { formatPortalDate } from '@lgsp/adapters/national-portal/portal-date';
import {
  verifyVnpayParams,
  verifyVnpayPipeHash,
  vnpayPipeHash,
  VnpayParams,
} from '@lgsp/adapters/payment-gateway/vnpay/vnpay-signature';
import { Clock } from '../kit/clock';
import { PAYMENT_OPTIONS, PaymentSimulatorOptions } from './payment-simulator.options';
import { PaymentTransaction, PaymentTransactionStore } from './payment-transaction.store';

const PAY_REQUIRED = ['vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_Amount', 'vnp_CurrCode', 'vnp_TxnRef', 'vnp_OrderInfo', 'vnp_ReturnUrl', 'vnp_IpAddr', 'vnp_CreateDate'] as const; // prettier-ignore
const QUERY_SIGNED = ['vnp_RequestId', 'vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_TransactionDate', 'vnp_CreateDate', 'vnp_IpAddr', 'vnp_OrderInfo'] as const; // prettier-ignore
const ANSWER_SIGNED = ['vnp_ResponseId', 'vnp_Command', 'vnp_ResponseCode', 'vnp_Message', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_Amount', 'vnp_BankCode', 'vnp_PayDate', 'vnp_TransactionNo', 'vnp_TransactionType', 'vnp_TransactionStatus', 'vnp_OrderInfo', 'vnp_PromotionCode', 'vnp_PromotionAmount'] as const; // prettier-ignore

interface VnpayPageReply {
  RspCode: string;
  Message: string;
  vnp_TxnRef: string | null;
}

function stringParams(input: unknown): VnpayParams {
  const params: VnpayParams = {};
  if (typeof input !== 'object' || input === null) return params;
  for (const [key, value] of Object.entries(input)) if (typeof value === 'string') params[key] = value;
  return params;
}

/** A VNPay-style bank gateway: the signed payment redirect and the transaction query API. */
@Controller()
export class VnpayController {
  constructor(
    private readonly transactions: PaymentTransactionStore,
    private readonly clock: Clock,
    @Inject(PAYMENT_OPTIONS) private readonly options: PaymentSimulatorOptions,
  ) {}

  /** Where the bus redirects the citizen; the simulator answers JSON instead of a bank's page. */
  @Get('paymentv2/vpcpay.html')
  pay(@Query() query: unknown, @Res({ passthrough: true }) response: FastifyReply): VnpayPageReply {
    const params = stringParams(query);
    const reply = (status: number, code: string, message: string): VnpayPageReply => {
      response.status(status);
      return { RspCode: code, Message: message, vnp_TxnRef: params.vnp_TxnRef ?? null };
    };
    if (!verifyVnpayParams(params, this.options.vnpay.hashSecret))
      return reply(400, '97', 'Invalid signature');
    const missing = PAY_REQUIRED.filter((field) => !params[field]);
    if (missing.length > 0) return reply(400, '03', `Invalid data: missing ${missing.join(', ')}`);
    if (params.vnp_TmnCode !== this.options.vnpay.tmnCode)
      return reply(400, '02', 'Invalid merchant (vnp_TmnCode)');
    const raw = params.vnp_Amount;
    if (params.vnp_Command !== 'pay' || params.vnp_CurrCode !== 'VND' || !/^[1-9]\d*00$/.test(raw)) {
      return reply(400, '03', 'Invalid data: vnp_Command pay, vnp_CurrCode VND, vnp_Amount in VND × 100');
    }
    const amount = Number(raw) / 100;
    const existing = this.transactions.get('vnpay', params.vnp_TxnRef);
    if (existing && existing.amount !== amount)
      return reply(400, '03', 'vnp_TxnRef already used for another amount');
    if (!existing) {
      this.transactions.add({
        gateway: 'vnpay',
        orderId: params.vnp_TxnRef,
        amount,
        orderInfo: params.vnp_OrderInfo,
        requestCode: params.vnp_TxnRef,
        returnUrl: params.vnp_ReturnUrl,
        transactionCode: `VNP${this.transactions.nextNumber()}`,
        createdAt: this.clock.now().toISOString(),
        createDate: params.vnp_CreateDate,
        status: 'pending',
      });
    }
    return reply(200, '00', 'Payment page');
  }

  /** The merchant API (querydr), signed with fields joined by "|" in both directions. */
  @Post('merchant_webapi/api/transaction')
  @HttpCode(200)
  query(@Body() body: unknown): Record<string, string> {
    const input = stringParams(body);
    const secret = this.options.vnpay.hashSecret;
    const base = {
      vnp_ResponseId: `R${this.transactions.nextNumber()}`,
      vnp_Command: 'querydr',
      vnp_TmnCode: input.vnp_TmnCode ?? '',
      vnp_TxnRef: input.vnp_TxnRef ?? '',
    };
    if (
      !verifyVnpayPipeHash(
        QUERY_SIGNED.map((field) => input[field] ?? ''),
        secret,
        input.vnp_SecureHash,
      )
    ) {
      return this.answer({ ...base, vnp_ResponseCode: '97', vnp_Message: 'Invalid checksum' });
    }
    if (input.vnp_Command !== 'querydr' || !input.vnp_TxnRef || !input.vnp_TransactionDate) {
      return this.answer({ ...base, vnp_ResponseCode: '03', vnp_Message: 'Invalid data format' });
    }
    if (input.vnp_TmnCode !== this.options.vnpay.tmnCode) {
      return this.answer({ ...base, vnp_ResponseCode: '02', vnp_Message: 'Invalid merchant' });
    }
    const transaction = this.transactions.get('vnpay', input.vnp_TxnRef);
    if (!transaction)
      return this.answer({ ...base, vnp_ResponseCode: '91', vnp_Message: 'Transaction not found' });
    return this.answer({
      ...base,
      vnp_ResponseCode: '00',
      vnp_Message: 'Query success',
      ...this.describe(transaction),
    });
  }

  private describe(transaction: PaymentTransaction): Record<string, string> {
    return {
      vnp_Amount: String(transaction.amount * 100),
      vnp_BankCode: transaction.status === 'pending' ? '' : 'NCB',
      vnp_PayDate: transaction.payDate ?? '',
      vnp_TransactionNo: transaction.transactionNo ?? '',
      vnp_TransactionType: '01',
      // 00 paid, 01 not completed yet, 02 failed: VNPay's transaction status codes.
      vnp_TransactionStatus:
        transaction.status === 'paid' ? '00' : transaction.status === 'pending' ? '01' : '02',
      vnp_OrderInfo: transaction.orderInfo,
      vnp_PromotionCode: '',
      vnp_PromotionAmount: '',
    };
  }

  private answer(fields: Record<string, string>): Record<string, string> {
    const complete: Record<string, string> = { vnp_PayDate: '', ...fields };
    const values = ANSWER_SIGNED.map((field) => complete[field] ?? '');
    return {
      ...complete,
      vnp_ResponseDate: formatPortalDate(this.clock.now()),
      vnp_SecureHash: vnpayPipeHash(values, this.options.vnpay.hashSecret),
    };
  }
}
