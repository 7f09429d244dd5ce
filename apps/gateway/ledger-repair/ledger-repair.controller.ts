import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { LedgerRepairAudit, LedgerRepairRequest } from './ledger-repair.request';
import { LedgerRepairService } from './ledger-repair.service';

const OPERATOR_SHAPE = /^[A-Za-z0-9._@:-]{1,128}$/;

/**
 * Operators repair a dossier whose ledger holds a wrong time. The audit names the authenticated client and, when
 * the client is a console shared by several people, the person in X-Operator-Id.
 */
@ApiTags('operations')
@ApiHeader({
  name: 'X-Operator-Id',
  required: false,
  description: 'The person acting through the client, recorded in the audit with the client id',
})
@Controller('v1/ops/dossiers/:code')
export class LedgerRepairController {
  constructor(private readonly repairs: LedgerRepairService) {}

  @Post('ledger-repair')
  @HttpCode(200)
  @RequiresScope(Scope.OpsWrite)
  @ApiOperation({
    summary: 'Move back a dossier’s ledger time that a clock running fast put ahead',
    description:
      'Sets the time of the last event applied (and any later delivery time) to `occurredAt`, by default to ' +
      'when the bus received that event. Only backwards; audited. Events already answered `stale` are not ' +
      'replayed: have the one-stop system send the dossier’s current state again.',
  })
  @ApiOkResponse({ description: 'The audit record: who, when, why, the times before and after' })
  @ApiJsonBodyProblems('No reason, a time ahead of the bus clock, or an X-Operator-Id that names no operator')
  @ApiProblemResponse(404, 'The dossier is not in the ledger')
  @ApiProblemResponse(409, 'The ledger time is not after the requested time: a repair only moves it back')
  repair(
    @Param('code') code: string,
    @Body() body: LedgerRepairRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-operator-id') operator?: string,
  ): Promise<LedgerRepairAudit> {
    return this.repairs.repair(code, principal, actorOf(principal, operator), body);
  }

  @Get('ledger-repairs')
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({ summary: 'The audited ledger repairs of a dossier, oldest first' })
  @ApiOkResponse({ description: '{ repairs: [...] }, empty when the dossier was never repaired' })
  async history(@Param('code') code: string): Promise<{ repairs: LedgerRepairAudit[] }> {
    return { repairs: await this.repairs.history(code) };
  }
}

function actorOf(principal: Principal, header: string | undefined): string {
  if (header === undefined) return principal.clientId;
  if (OPERATOR_SHAPE.test(header)) return `${principal.clientId}/${header}`;
  throw new DomainError(DomainErrorCode.ValidationFailed, 'X-Operator-Id does not name an operator', [
    {
      field: 'X-Operator-Id',
      message: 'must be 1 to 128 letters, digits, dots, @, colons, dashes or underscores',
    },
  ]);
}
