import { Body, Controller, Get, Ip, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { PaymentOrderDocument, paymentOrderDocument } from './payment-order.document';
import { PaymentOrderRequest } from './payment-order.request';
import { PaymentOrderingService } from './payment-ordering.service';

/** The one-stop system opens payments of dossier fees and reads their state. */
@ApiTags('payments')
@Controller('v1/payments')
export class PaymentsController {
  constructor(private readonly ordering: PaymentOrderingService) {}

  @Post()
  @RequiresScope(Scope.PaymentCreate)
  @ApiOperation({
    summary: "Open a payment of a dossier's fees through a gateway; answers where the citizen pays",
    description:
      'One open order per dossier and fee set: a retried request answers the same order (200). The gateway is ' +
      'called before the order is kept; if it fails, no order is left. See docs/payments.md.',
  })
  @ApiCreatedResponse({ description: 'The order, opened at the gateway', type: PaymentOrderDocument })
  @ApiOkResponse({ description: 'The order a previous identical request opened', type: PaymentOrderDocument })
  @ApiJsonBodyProblems('A field is missing or malformed, or the amount is not the sum of the fees')
  @ApiProblemResponse(404, 'The dossier is not registered for an agency this client is bound to')
  @ApiProblemResponse(
    409,
    'These fees are already paid, or an order for them is open through the other gateway',
  )
  @ApiProblemResponse(
    503,
    'The gateway cannot be reached or its breaker is open (Retry-After); no order is kept',
  )
  async create(
    @Body() body: PaymentOrderRequest,
    @CurrentPrincipal() principal: Principal,
    @Ip() callerIp: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentOrderDocument> {
    const placed = await this.ordering.place(principal, body, callerIp);
    reply.status(placed.created ? 201 : 200);
    return paymentOrderDocument(placed.order);
  }

  @Get(':orderId')
  @RequiresScope(Scope.DossierRead)
  @ApiOperation({ summary: 'A payment order and its state (pending, paid, failed)' })
  @ApiOkResponse({ type: PaymentOrderDocument })
  @ApiProblemResponse(404, 'No such order, or it is for an agency this client is not bound to')
  async find(
    @Param('orderId') orderId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PaymentOrderDocument> {
    return paymentOrderDocument(await this.ordering.find(principal, orderId));
  }
}
