import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { LedgerRepairAudit, LedgerRepairRequest } from './ledger-repair.request';
import { LedgerRepairService } from './ledger-repair.service';

const OPERATOR_SHAPE = /^[A-Za-z0-9._@:-]{1,128}$/;

/**
 * Operators repair a dossier whose ledger holds a wrong time. Who repairs is named by the X-Operator-Id header
 * until operator authentication names it instead.
 */
@ApiTags('operations')
@ApiHeader({ name: 'X-Operator-Id', required: true, description: 'The operator, recorded in the audit' })
@Controller('v1/ops/dossiers/:code')
export class LedgerRepairController {
  constructor(private readonly repairs: LedgerRepairService) {}

  @Post('ledger-repair')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move back a dossier’s ledger time that a clock running fast put ahead',
    description:
      'Sets the time of the last event applied (and any later delivery time) to `occurredAt`, by default to ' +
      'when the bus received that event. Only backwards; audited. Events already answered `stale` are not ' +
      'replayed: have the one-stop system send the dossier’s current state again.',
  })
  @ApiOkResponse({ description: 'The audit record: who, when, why, the times before and after' })
  repair(
    @Param('code') code: string,
    @Body() body: LedgerRepairRequest,
    @Headers('x-operator-id') operator?: string,
  ): Promise<LedgerRepairAudit> {
    return this.repairs.repair(code, operatorOf(operator), body);
  }

  @Get('ledger-repairs')
  @ApiOperation({ summary: 'The audited ledger repairs of a dossier, oldest first' })
  async history(@Param('code') code: string): Promise<{ repairs: LedgerRepairAudit[] }> {
    return { repairs: await this.repairs.history(code) };
  }
}

function operatorOf(header: string | undefined): string {
  if (header !== undefined && OPERATOR_SHAPE.test(header)) return header;
  throw new DomainError(DomainErrorCode.ValidationFailed, 'A repair names its operator in X-Operator-Id', [
    {
      field: 'X-Operator-Id',
      message: 'must be 1 to 128 letters, digits, dots, @, colons, dashes or underscores',
    },
  ]);
}
