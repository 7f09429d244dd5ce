import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { AUDIT_FAILED, OPERATOR_HEADER, operatorOf } from '../operators/operator-identity';
import { DeadLetterActions, DiscardAnswer, ReplayAnswer } from './dead-letter-actions.service';
import {
  DeadLetterDiscardRequest,
  DeadLetterIdParam,
  DeadLetterListQuery,
  DeadLetterReplayRequest,
} from './dead-letter.request';
import { DeadLetterDetail, DeadLetterSummary } from './dead-letter.view';

/**
 * Operators list, inspect, replay and discard dead letters. Reading needs ops:read; every change needs ops:write
 * and names the person (X-Operator-Id), and is one record in the operator-action chain of the audit record.
 */
@ApiTags('operations')
@Controller('v1/ops/dead-letters')
export class DeadLettersController {
  constructor(private readonly actions: DeadLetterActions) {}

  @Get()
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({
    summary: 'Dead letters, oldest first, filtered by connector, reason, status and time',
    description: 'Without their payload (see GET /v1/ops/dead-letters/{id}).',
  })
  @ApiOkResponse({ description: '{ deadLetters: [...] }; empty when none matches' })
  @ApiProblemResponse(
    400,
    'A filter value is malformed: a time without an offset, an unknown status, a limit',
  )
  async list(@Query() query: DeadLetterListQuery): Promise<{ deadLetters: DeadLetterSummary[] }> {
    return { deadLetters: await this.actions.list(query) };
  }

  @Get(':id')
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({
    summary: 'One dead letter with its headers and payload, personal data masked',
    description:
      'Personal fields (ID numbers, names, birth dates, phones, addresses) and credentials are censored by the ' +
      'rules of the log redaction; ID numbers and tokens in free text are masked.',
  })
  @ApiOkResponse({ description: 'The letter, with `payload` (JSON, or text when it is not JSON) masked' })
  @ApiProblemResponse(400, 'The id is not a dead letter id (digits)')
  @ApiProblemResponse(404, 'No dead letter has this id')
  show(@Param() params: DeadLetterIdParam): Promise<DeadLetterDetail> {
    return this.actions.show(params.id);
  }

  @Post('replay')
  @HttpCode(200)
  @RequiresScope(Scope.OpsWrite)
  @ApiHeader(OPERATOR_HEADER)
  @ApiOperation({
    summary: 'Send dead letters again to their topic, by ids or by a filter',
    description:
      'Each copy keeps its message id, so a consumer that already applied it skips it. Letters that are not ' +
      'open are answered in `notOpen`; a copy the broker refuses stays open (`failed`). Audited: the record ' +
      'is committed with the claim before any copy is sent.',
  })
  @ApiOkResponse({ description: '{ replayed, failed: [{id, reason}], notOpen, more, audit }' })
  @ApiJsonBodyProblems(
    'Both ids and a filter, or neither; a malformed id or filter; no X-Operator-Id, or one naming no operator',
  )
  @ApiProblemResponse(500, AUDIT_FAILED)
  replay(
    @Body() body: DeadLetterReplayRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<ReplayAnswer> {
    return this.actions.replay(operatorOf(principal, operator), body);
  }

  @Post('discard')
  @HttpCode(200)
  @RequiresScope(Scope.OpsWrite)
  @ApiHeader(OPERATOR_HEADER)
  @ApiOperation({
    summary: 'Give up on dead letters, with a reason',
    description: 'Kept, marked discarded with the reason; audited in the same transaction.',
  })
  @ApiOkResponse({ description: '{ discarded, notOpen, audit }' })
  @ApiJsonBodyProblems('No ids or no reason; a malformed id; no X-Operator-Id, or one naming no operator')
  @ApiProblemResponse(500, AUDIT_FAILED)
  discard(
    @Body() body: DeadLetterDiscardRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<DiscardAnswer> {
    return this.actions.discard(operatorOf(principal, operator), body);
  }
}
