import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { CitizenLookupAudit } from './citizen-lookup.audit';
import {
  CitizenLookup,
  CitizenLookupsDocument,
  CitizenVerificationAnswer,
  CitizenVerificationAnswerDocument,
} from './citizen-verification.answer';
import { CitizenLookupsQuery, CitizenVerificationRequest } from './citizen-verification.request';
import { CitizenVerificationService } from './citizen-verification.service';

const UNAVAILABLE =
  'No verdict: the population database cannot be asked now (its breaker is open; Retry-After says when to ask ' +
  'again), the connector failed, or the look-up could not be written to the audit record (then it is refused)';

/** Officials check a citizen's details against the population database; operators list one person's look-ups. */
@ApiTags('citizens')
@Controller('v1/citizens/verifications')
export class CitizenVerificationsController {
  constructor(
    private readonly verification: CitizenVerificationService,
    private readonly lookups: CitizenLookupAudit,
  ) {}

  @Post()
  @HttpCode(200)
  @RequiresScope(Scope.CitizenVerify)
  @ApiOperation({
    summary: "Verify a citizen's details against the population database",
    description:
      'Needs a purpose (service, dossier, agency) and an accountable officer; every look-up is written to the ' +
      'citizen-lookup audit record before it is answered. See docs/citizen-verification.md.',
  })
  @ApiOkResponse({ description: 'The verdict', type: CitizenVerificationAnswerDocument })
  @ApiJsonBodyProblems(
    'A field is missing or malformed (purpose and officer are required); the problem names it',
  )
  @ApiProblemResponse(403, 'purpose.agencyCode names an agency this client is not bound to')
  @ApiProblemResponse(503, UNAVAILABLE)
  @ApiProblemResponse(504, 'The population database did not answer within the deadline')
  verify(
    @Body() body: CitizenVerificationRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CitizenVerificationAnswer> {
    return this.verification.verify(principal, body);
  }

  @Get()
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({
    summary: "One person's look-ups over a period, for a data-subject request",
    description:
      'From the citizen-lookup audit record, found by the keyed hash of the personal ID; oldest first.',
  })
  @ApiOkResponse({ description: 'The look-ups', type: CitizenLookupsDocument })
  @ApiProblemResponse(400, 'personalId, from or to is missing or malformed, or to is not after from')
  async list(@Query() query: CitizenLookupsQuery): Promise<{ lookups: CitizenLookup[]; truncated: boolean }> {
    const [from, to] = [new Date(query.from), new Date(query.to)];
    if (to <= from) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'The period is empty', [
        { field: 'to', message: 'must be after from' },
      ]);
    }
    return this.lookups.of(query.personalId, from, to);
  }
}
