import { Body, Controller, Delete, Get, Headers, Param, Post, Put } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import type { MaintenanceWindow } from '@lgsp/persistence';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { AUDIT_FAILED, OPERATOR_HEADER, operatorOf } from '../operators/operator-identity';
import {
  MaintenanceWindowRequest,
  OverrideRequest,
  PartnerParam,
  WindowParam,
} from './partner-controls.request';
import { PartnerControlView, PartnerControls } from './partner-controls.service';

type Audited<T> = T & { audit: string };

/**
 * A partner's shared breaker, the operators' override and the maintenance windows (docs/operations.md, "Shared
 * breakers"). Reading needs ops:read; each change needs ops:write, names the person (X-Operator-Id) and is one
 * record in the operator-action chain of the audit record.
 */
@ApiTags('operations')
@Controller('v1/ops/connectors/:name')
export class PartnerControlsController {
  constructor(private readonly controls: PartnerControls) {}

  @Get('shared-state')
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({
    summary: 'The partner as every worker replica sees it: shared breaker, override, maintenance windows',
  })
  @ApiOkResponse({
    description: '{ state, probeDue, probeBy, forced, forcedBy, forcedReason, maintenance, windows }',
  })
  @ApiProblemResponse(400, 'The name is not a partner the workers share a breaker for')
  state(@Param() params: PartnerParam): Promise<PartnerControlView> {
    return this.controls.view(params.name);
  }

  @Put('override')
  @RequiresScope(Scope.OpsWrite)
  @ApiHeader(OPERATOR_HEADER)
  @ApiOperation({
    summary: 'Force the partner’s breaker open or closed on every replica, or lift the override',
    description:
      'Open parks the partner’s traffic without a call (messages wait in Kafka); closed sends it whatever its ' +
      'failures. Every replica follows within a quarter of a second. Audited with the change.',
  })
  @ApiOkResponse({ description: 'The partner’s shared state after the change, with `audit`' })
  @ApiJsonBodyProblems('An unknown partner or state, no reason, or no X-Operator-Id')
  @ApiProblemResponse(500, AUDIT_FAILED)
  override(
    @Param() params: PartnerParam,
    @Body() body: OverrideRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<Audited<PartnerControlView>> {
    return this.controls.override(params.name, body, operatorOf(principal, operator));
  }

  @Post('maintenance-windows')
  @RequiresScope(Scope.OpsWrite)
  @ApiHeader(OPERATOR_HEADER)
  @ApiOperation({
    summary: 'Declare a maintenance window the partner announced',
    description:
      'From its start the partner’s traffic parks on every replica, with no failed call; at its end it drains at ' +
      'the partner’s rate limit. Audited with the declaration.',
  })
  @ApiOkResponse({ description: 'The window, with its id and `audit`' })
  @ApiJsonBodyProblems(
    'Times without an offset, an end not after the start or already past, a window over 7 days',
  )
  @ApiProblemResponse(500, AUDIT_FAILED)
  declare(
    @Param() params: PartnerParam,
    @Body() body: MaintenanceWindowRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<Audited<MaintenanceWindow>> {
    return this.controls.declareWindow(params.name, body, operatorOf(principal, operator));
  }

  @Delete('maintenance-windows/:id')
  @RequiresScope(Scope.OpsWrite)
  @ApiHeader(OPERATOR_HEADER)
  @ApiOperation({ summary: 'Cancel a maintenance window still to come or in force', description: 'Audited.' })
  @ApiOkResponse({ description: 'The cancelled window, with `audit`' })
  @ApiProblemResponse(404, 'The partner has no such window still to come or in force')
  @ApiProblemResponse(500, AUDIT_FAILED)
  cancel(
    @Param() params: WindowParam,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<Audited<MaintenanceWindow>> {
    return this.controls.cancelWindow(params.name, params.id, operatorOf(principal, operator));
  }
}
