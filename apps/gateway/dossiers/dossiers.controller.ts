import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorCode, DossierRegisteredV1, DossierStatusChangedV2 } from '@lgsp/contracts';
import { CorrelationContext } from '@lgsp/observability';
import { DossierTraceRepository, StoredTraceEntry, Transaction } from '@lgsp/persistence';
import { BatchItemResult, DossierBatchRequest } from './dossier-batch.request';
import { DossierBatchService } from './dossier-batch.service';
import { DossierIntakeService, IntakeReceipt } from './dossier-intake.service';
import { GatewayAnswer, IdempotentRequests, fingerprintOf } from './idempotent-request.service';

const CLIENT_HEADER = 'x-client-id';

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
    private readonly trace: DossierTraceRepository,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a dossier, or update one already registered' })
  @ApiAcceptedResponse({ description: 'The event is durable and will be delivered' })
  @ApiConflictResponse({ description: 'The status table forbids this change' })
  async register(
    @Body() body: DossierRegisteredV1,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<IntakeReceipt> {
    return this.answer(request, response, key, body, 202, (tx) =>
      this.intake.accept(tx, { kind: 'dossier', body }, this.correlationId()),
    );
  }

  @Post('batch')
  @HttpCode(207)
  @ApiOperation({ summary: 'Up to 500 registrations or status changes, with a result per item' })
  async acceptBatch(
    @Body() body: DossierBatchRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ results: BatchItemResult[] }> {
    return this.answer(request, response, key, body, 207, async (tx) => ({
      results: await this.batch.accept(tx, body.items, this.correlationId()),
    }));
  }

  @Post(':code/status-changes')
  @ApiOperation({ summary: 'Record a status change of a dossier, with its processing step' })
  @ApiAcceptedResponse({ description: 'The event is durable and will be delivered' })
  @ApiConflictResponse({
    description: 'The status table forbids this change (for example after a terminal status)',
  })
  async changeStatus(
    @Param('code') code: string,
    @Body() body: DossierStatusChangedV2,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<IntakeReceipt> {
    if (body.dossierCode !== code) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'The body names another dossier than the path',
        [{ field: 'dossierCode', message: `must equal the dossier code in the path (${code})` }],
      );
    }
    return this.answer(request, response, key, body, 202, (tx) =>
      this.intake.accept(tx, { kind: 'status-change', body }, this.correlationId()),
    );
  }

  @Get(':code/trace')
  @ApiOperation({ summary: 'The timeline of one dossier across systems, with correlation ids' })
  async timeline(@Param('code') code: string): Promise<{ dossierCode: string; entries: StoredTraceEntry[] }> {
    const entries = await this.trace.timeline(code);
    if (entries.length === 0) throw new DomainError(DomainErrorCode.NotFound, `No trace for dossier ${code}`);
    return { dossierCode: code, entries };
  }

  private async answer<T>(
    request: Request,
    response: Response,
    key: string | undefined,
    body: unknown,
    status: number,
    work: (tx: Transaction) => Promise<T>,
  ): Promise<T> {
    const clientId = request.header(CLIENT_HEADER) ?? 'anonymous';
    const fingerprint = fingerprintOf(request.method, request.path, body);
    const answer: GatewayAnswer<T> = await this.requests.run<T>({ clientId, key, fingerprint }, status, work);
    if (!answer.replayed) this.intake.committed();
    response.status(answer.status);
    if (answer.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  }

  private correlationId(): string | undefined {
    return CorrelationContext.current();
  }
}
