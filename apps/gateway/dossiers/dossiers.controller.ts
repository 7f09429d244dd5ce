import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, DomainErrorCode, DossierRegisteredV1, DossierStatusChangedV2 } from '@lgsp/contracts';
import {
  CorrelationContext,
  SpanOptions,
  TraceAttribute,
  boundToActiveContext,
  inSpan,
  isCallersCorrelationId,
} from '@lgsp/observability';
import { CurrentPrincipal, Principal, RequiresScope, Scope } from '@lgsp/security';
import { StoredTraceEntry } from '@lgsp/persistence';
import { ApiJsonBodyProblems, ApiProblemResponse } from '../api-docs/problem-responses';
import { EventTimePolicy } from '../intake-policy/event-time.policy';
import { StaleEventRecorder } from '../stale-events/stale-event.recorder';
import { staleEventOf } from '../stale-events/stale-event.repository';
import { BatchItemResult, DossierBatchRequest } from './dossier-batch.request';
import { DossierBatchService } from './dossier-batch.service';
import { DossierTimeline } from './dossier-timeline.service';
import { DossierIntakeService, IntakeCommand, IntakeReceipt } from './dossier-intake.service';
import { GatewayAnswer, IdempotentRequests, fingerprintOf } from './idempotent-request.service';
import { IntakeReceiptDocument } from './intake-receipt.document';
import { IntakeGroupCommit } from './intake-group-commit.service';

const ACCEPTED =
  'The event is durable. `outcome` is `accepted` (it will be delivered) or `stale`: the event is older than the ' +
  'last one applied to this dossier, so it does not change its status (ledger or portal record), but a status ' +
  'change’s processing step is still recorded at the portal. Nothing to do unless the time was wrong: a caller ' +
  'that gets `stale` for an event it knows is the newest should check its clock and the dossier’s trace, and ' +
  'ask an operator for a ledger repair; see docs/intake-policy.md.';
const AHEAD_OR_INVALID =
  'The body breaks its contract, or an event time is more than the allowed skew (INTAKE_MAX_CLOCK_SKEW_MS, 5 ' +
  'minutes by default) ahead of the bus clock; the problem names each field and the bus time.';

const CONFLICT =
  'The status table forbids this change (for example after a terminal status), or the Idempotency-Key was ' +
  'already used for a different request';
const BATCH_RESULTS =
  '{ results: [...] }: per item its index, status and either the receipt (202) or the problem (code, detail, errors)';

/** REST adapter for the one-stop system: validate, delegate, answer. */
@ApiTags('dossiers')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retried request with the same key gets the first answer',
})
@Controller('v1/dossiers')
export class DossiersController {
  constructor(
    private readonly intake: DossierIntakeService,
    private readonly batch: DossierBatchService,
    private readonly requests: IdempotentRequests,
    private readonly groupCommit: IntakeGroupCommit,
    private readonly timelines: DossierTimeline,
    private readonly eventTimes: EventTimePolicy,
    private readonly staleEvents: StaleEventRecorder,
  ) {}

  @Post()
  @RequiresScope(Scope.DossierWrite)
  @ApiOperation({ summary: 'Register a dossier, or update one already registered' })
  @ApiAcceptedResponse({ description: ACCEPTED, type: IntakeReceiptDocument })
  @ApiJsonBodyProblems(AHEAD_OR_INVALID)
  @ApiProblemResponse(404, 'The dossier is registered for an agency this client is not bound to')
  @ApiProblemResponse(409, CONFLICT)
  register(
    @Body() body: DossierRegisteredV1,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('idempotency-key') key?: string,
  ): Promise<IntakeReceipt> {
    return this.acceptOne(principal, request, response, key, { kind: 'dossier', body });
  }

  @Post('batch')
  @RequiresScope(Scope.DossierWrite)
  @HttpCode(207)
  @ApiOperation({
    summary: 'Up to 500 registrations or status changes, with a result per item',
    description: `Each item's result has the status its own call would have had. ${ACCEPTED}`,
  })
  @ApiResponse({ status: 207, description: BATCH_RESULTS })
  @ApiJsonBodyProblems('The body is not a list of 1 to 500 objects; a bad item is reported in its own result')
  @ApiProblemResponse(409, 'The Idempotency-Key was already used for a different request')
  async acceptBatch(
    @Body() body: DossierBatchRequest,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ results: BatchItemResult[] }> {
    // Idempotency keys and stale-event counts belong to the authenticated client, not to a header it chose.
    const clientId = principal.clientId;
    const fingerprint = fingerprintIfKeyed(request, key, body);
    const answer = await this.requests.run({ clientId, key, fingerprint }, 207, async (tx) => {
      const results = await this.batch.accept(tx, principal, body.items, this.correlationId(), () =>
        isCallersCorrelationId(request.raw) ? { [TraceAttribute.correlationId]: request.id } : {},
      );
      const stale = results
        .filter((result) => result.outcome === 'stale')
        .map((result) => staleEventOf(result, occurredAtOf(body.items[result.index])));
      await this.staleEvents.record(tx, clientId, stale);
      return { results };
    });
    if (!answer.replayed) {
      this.intake.committed();
      const stale = answer.body.results.filter((result) => result.outcome === 'stale');
      this.staleEvents.counted(clientId, stale.length);
    }
    return answered(response, answer);
  }

  @Post(':code/status-changes')
  @RequiresScope(Scope.DossierWrite)
  @ApiOperation({ summary: 'Record a status change of a dossier, with its processing step' })
  @ApiAcceptedResponse({ description: ACCEPTED, type: IntakeReceiptDocument })
  @ApiJsonBodyProblems(`${AHEAD_OR_INVALID} Also when the body names another dossier than the path.`)
  @ApiProblemResponse(404, 'The dossier is not registered, or not for an agency this client is bound to')
  @ApiProblemResponse(409, CONFLICT)
  changeStatus(
    @Param('code') code: string,
    @Body() body: DossierStatusChangedV2,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('idempotency-key') key?: string,
  ): Promise<IntakeReceipt> {
    if (body.dossierCode !== code) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'The body names another dossier than the path',
        [{ field: 'dossierCode', message: `must equal the dossier code in the path (${code})` }],
      );
    }
    return this.acceptOne(principal, request, response, key, { kind: 'status-change', body });
  }

  @Get(':code/trace')
  @RequiresScope(Scope.DossierRead)
  @ApiOperation({ summary: 'The timeline of one dossier across systems, with correlation ids' })
  @ApiOkResponse({ description: '{ dossierCode, entries: [...] }, oldest entry first' })
  @ApiProblemResponse(
    404,
    'No trace for this dossier, or it belongs to an agency this client is not bound to',
  )
  async timeline(
    @Param('code') code: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ dossierCode: string; entries: StoredTraceEntry[] }> {
    return { dossierCode: code, entries: await this.timelines.of(principal, code) };
  }

  private acceptOne(
    principal: Principal,
    request: FastifyRequest,
    response: FastifyReply,
    key: string | undefined,
    command: IntakeCommand,
  ): Promise<IntakeReceipt> {
    this.eventTimes.check(command);
    // The outbox row is written inside this span, so the relay's publication continues its trace.
    const span = (): SpanOptions => ({
      attributes: {
        [TraceAttribute.dossierCode]: command.body.dossierCode,
        ...(isCallersCorrelationId(request.raw) ? { [TraceAttribute.correlationId]: request.id } : {}),
      },
    });
    return inSpan('dossier.accept', span, async () => {
      const answer = await this.groupCommit.submit({
        principal,
        command,
        correlationId: this.correlationId(),
        inTrace: boundToActiveContext(),
        clientId: principal.clientId,
        key,
        fingerprint: fingerprintIfKeyed(request, key, command.body),
      });
      return answered(response, answer);
    });
  }

  private correlationId(): string | undefined {
    return CorrelationContext.current();
  }
}

/** Sends a gateway answer's status, and says when it is a stored one. */
function answered<T>(response: FastifyReply, answer: GatewayAnswer<T>): T {
  void response.status(answer.status);
  if (answer.replayed) void response.header('Idempotent-Replayed', 'true');
  return answer.body;
}

/** A batch item that was accepted, so it holds exactly one validated dossier or status change. */
function occurredAtOf(item: Record<string, unknown>): string {
  const body = (item.dossier ?? item.statusChange) as { occurredAt: string };
  return body.occurredAt;
}

/**
 * The fingerprint a key's stored answer is compared with; empty without a key, since nothing is stored or compared
 * then, and hashing the body costs as much as judging it.
 */
function fingerprintIfKeyed(request: FastifyRequest, key: string | undefined, body: unknown): string {
  return key === undefined ? '' : fingerprintOf(request.method, pathOf(request), body);
}

/** The path without its query, as the idempotency fingerprint has always used it. */
function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query < 0 ? request.url : request.url.slice(0, query);
}
