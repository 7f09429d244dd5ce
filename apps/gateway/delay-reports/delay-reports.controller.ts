import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import { ApiProblemResponse } from '../api-docs/problem-responses';
import { AUDIT_FAILED, OPERATOR_HEADER, operatorOf } from '../operators/operator-identity';
import { delayReportCsv } from './delay-report.csv';
import { DelayReportQuery } from './delay-report.request';
import { DelayReport, DelayReports } from './delay-report.service';

/** Late events and where their time went, per partner and agency (docs/delay-report.md). */
@ApiTags('reports')
@Controller('v1/reports/delays')
export class DelayReportsController {
  constructor(private readonly reports: DelayReports) {}

  @Get()
  @RequiresScope(Scope.OpsRead)
  @ApiHeader(OPERATOR_HEADER)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Events acknowledged in a period, late ones against their due date, and their time by cause',
    description:
      'Per partner and agency: events delivered, events delivered after the dossier’s due date, and the minutes ' +
      'between acceptance and acknowledgement split into bus queueing, the partner’s outage (breaker open), ' +
      'maintenance windows, operators’ holds, the partner’s refusals and retries, and its rate limit. Every ' +
      'report made is recorded, with its digest, in the operator-action chain of the audit record.',
  })
  @ApiOkResponse({
    description: '{ from, to, partner, generatedAt, rows, digest, audit }, or the same as CSV',
  })
  @ApiProblemResponse(
    400,
    'from or to without an offset, to not after from or over 92 days later, an unknown partner or format, no X-Operator-Id',
  )
  @ApiProblemResponse(500, AUDIT_FAILED)
  async report(
    @Query() query: DelayReportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-operator-id') operator?: string,
  ): Promise<DelayReport | string> {
    const report = await this.reports.report(query, operatorOf(principal, operator));
    reply.header('x-audit-record', report.audit);
    if (query.format !== 'csv') return report;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header(
      'content-disposition',
      `attachment; filename="delay-report-${report.from.slice(0, 10)}.csv"`,
    );
    return delayReportCsv(report);
  }
}
