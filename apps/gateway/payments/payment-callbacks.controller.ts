import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '@lgsp/security';
import type { RawCallback } from '@lgsp/adapters/payment-gateway/payment-gateway.port';
import { PaymentSettlementService } from './payment-settlement.service';

/**
 * Where the gateways report payments: authenticated by each gateway's signature over the raw parameters, not by
 * a token, and answered in the gateway's own codes. The browser's return page is not here: it only displays.
 */
@ApiTags('payments')
@PublicRoute("payment callbacks carry the gateway's signature, verified before anything is applied")
@Controller('v1/payments/callbacks')
export class PaymentCallbacksController {
  constructor(private readonly settlement: PaymentSettlementService) {}

  /** The national portal's payment platform POSTs a JSON result. */
  @Post('paygov')
  @ApiOperation({
    summary: "The national portal's payment platform reports a payment (PayGov-style checksum)",
    description:
      'Verified on the raw fields in constant time, matched with our order by id and amount, applied once. ' +
      "Answered in the platform's codes; every attempt is in the payment-callback audit record.",
  })
  @ApiOkResponse({ description: '`{error_code: SUCCESSFUL | FAILED | SIGNATURE_WRONG, error_message}`' })
  @HttpCode(200)
  async paygov(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const answer = await this.settlement.applyCallback('paygov', fieldsOf(body));
    reply.status(answer.status);
    return answer.body;
  }

  /** The bank gateway calls its IPN with the signed parameters in the query string. */
  @Get('bank')
  @ApiOperation({
    summary: 'The bank gateway reports a payment (VNPay-style IPN, HMAC-SHA512 over the vnp_ parameters)',
    description:
      'Verified on the raw parameters in constant time, matched with our order by id and amount, applied once. ' +
      'Every attempt is in the payment-callback audit record.',
  })
  @ApiOkResponse({
    description:
      '`{RspCode, Message}`: 00 confirmed, 01 order not found, 02 already confirmed, 04 invalid amount, 97 invalid signature, 99 other',
  })
  async bank(@Query() query: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const answer = await this.settlement.applyCallback('bank', fieldsOf(query));
    reply.status(answer.status);
    return answer.body;
  }
}

function fieldsOf(input: unknown): RawCallback {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input } : {};
}
