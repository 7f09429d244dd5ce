import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { AUDIT_FAILED, OPERATOR_HEADER, operatorOf } from '../operators/operator-identity';
import { BulkReplayParam, BulkReplayRequest, BulkReplayStateRequest } from './bulk-replay.request';
import { BulkReplayView, BulkReplays } from './bulk-replay.service';

type Audited<T> = T & { audit: string };

/**
 * Bulk replays of dead letters, paced at a share of the partner's rate limit while live traffic keeps the rest
 * (docs/dead-letters.md, "Bulk replay"). Reading needs ops:read; starting, pausing, resuming and cancelling need
 * ops:write and X-Operator-Id, each one record in the operator-action chain.
 */
@ApiTags('operations')
@Controller('v1/ops/dead-letters/bulk-replays')
export class BulkReplaysController {
  constructor(private readonly replays: BulkReplays) {}

  @Post()
  @RequiresScope(Scope.OpsWrite)
  @ApiHeader(OPERATOR_HEADER)
  @ApiOperation({
    summary: 'Replay a connector’s open dead letters (by reason and time) at a share of the partner’s rate',
    description:
      'Takes the letters open now that match, oldest first, one at a time at the replay’s rate. Each copy keeps ' +
      'its message id and is marked replayed: the national portal’s connector asks the portal what it holds ' +
      'before sending it, and skips what is already applied. Audited with the start.',
  })
  @ApiOkResponse({
    description: 'The replay: id, filter, ratePerSecond, state, total, replayed, failed, remaining, audit',
  })
  @ApiJsonBodyProblems('An unknown connector, a time without an offset, a share above the configured one')
  @ApiProblemResponse(500, AUDIT_FAILED)
  start(
    @Body() body: BulkReplayRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<Audited<BulkReplayView>> {
    return this.replays.start(body, operatorOf(principal, operator));
  }

  @Get()
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({ summary: 'The latest bulk replays with their progress, newest first' })
  @ApiOkResponse({ description: '{ bulkReplays: [...] }' })
  async list(): Promise<{ bulkReplays: BulkReplayView[] }> {
    return { bulkReplays: await this.replays.list() };
  }

  @Get(':id')
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({ summary: 'One bulk replay’s progress: state, total, replayed, failed, remaining' })
  @ApiOkResponse({ description: 'The replay' })
  @ApiProblemResponse(404, 'No bulk replay has this id')
  view(@Param() params: BulkReplayParam): Promise<BulkReplayView> {
    return this.replays.view(params.id);
  }

  @Post(':id/state')
  @HttpCode(200)
  @RequiresScope(Scope.OpsWrite)
  @ApiHeader(OPERATOR_HEADER)
  @ApiOperation({
    summary: 'Pause, resume or cancel a bulk replay',
    description: 'Takes effect before its next letter; a paused replay keeps its place. Audited.',
  })
  @ApiOkResponse({ description: 'The replay after the change, with `audit`' })
  @ApiJsonBodyProblems('An unknown action; no X-Operator-Id')
  @ApiProblemResponse(404, 'No bulk replay has this id')
  @ApiProblemResponse(
    409,
    'The replay is not in a state the action applies to (a finished one cannot resume)',
  )
  @ApiProblemResponse(500, AUDIT_FAILED)
  change(
    @Param() params: BulkReplayParam,
    @Body() body: BulkReplayStateRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<Audited<BulkReplayView>> {
    return this.replays.change(params.id, body.action, operatorOf(principal, operator));
  }
}
