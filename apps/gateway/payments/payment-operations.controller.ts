import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequiresScope, Scope } from '@lgsp/security';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { ReconciliationReportQuery, ReconciliationRequest } from './payment-reconciliation.request';
import {
  PaymentReconciliationService,
  ReconciliationSummary,
  ReportDifference,
} from './payment-reconciliation.service';

/** Operators settle orders whose callback was lost, and compare a day's orders with the gateways. */
@ApiTags('operations')
@Controller('v1/ops/payments')
export class PaymentOperationsController {
  constructor(private readonly reconciliation: PaymentReconciliationService) {}

  @Post('reconciliation')
  @HttpCode(200)
  @RequiresScope(Scope.OpsWrite)
  @ApiOperation({
    summary: 'Ask the gateways about pending orders now, and settle those they report paid or failed',
    description: 'The same run the schedule makes; each settlement is in the payment-callback audit chain.',
  })
  @ApiOkResponse({ description: 'What the run found: settled, still pending, amount mismatches, unresolved' })
  @ApiJsonBodyProblems('olderThanSeconds is not a whole number of seconds')
  reconcile(@Body() body: ReconciliationRequest): Promise<ReconciliationSummary> {
    return this.reconciliation.reconcilePending(
      body.olderThanSeconds === undefined ? undefined : body.olderThanSeconds * 1000,
    );
  }

  @Get('report')
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({ summary: 'Orders of one day whose state differs between the bus and their gateway' })
  @ApiOkResponse({ description: 'The differing orders; an empty list when both sides agree' })
  @ApiProblemResponse(400, 'day is missing or not YYYY-MM-DD')
  async report(
    @Query() query: ReconciliationReportQuery,
  ): Promise<{ day: string; differences: ReportDifference[] }> {
    return { day: query.day, differences: await this.reconciliation.report(query.day) };
  }
}
