import { Injectable } from '@nestjs/common';
import {
  DomainError,
  DomainErrorCode,
  DossierRegisteredV1,
  DossierStatusChangedV2,
  validated,
} from '@lgsp/contracts';
import { SpanOptions, TraceAttribute, inSpan } from '@lgsp/observability';
import type { Attributes } from '@opentelemetry/api';
import { Transaction } from '@lgsp/persistence';
import { Principal } from '@lgsp/security';
import { EventTimePolicy } from '../intake-policy/event-time.policy';
import { httpStatusOf } from '@lgsp/http';
import { BatchItemResult } from './dossier-batch.request';
import { DossierIntakeService, IntakeCommand, IntakeItem } from './dossier-intake.service';

/**
 * Accepts up to 500 dossier calls in one transaction, judging each item on its own: an item that breaks its
 * contract is answered alone, the valid ones are judged and written as one group, as concurrent single calls are.
 */
@Injectable()
export class DossierBatchService {
  constructor(
    private readonly intake: DossierIntakeService,
    private readonly eventTimes: EventTimePolicy,
  ) {}

  /** `traceAttributes`: what every item's span names beside its dossier (the caller's correlation id). */
  async accept(
    tx: Transaction,
    principal: Principal,
    items: Record<string, unknown>[],
    correlationId: string | undefined,
    traceAttributes: () => Attributes = () => ({}),
  ): Promise<BatchItemResult[]> {
    const results = new Array<BatchItemResult>(items.length);
    const valid: { index: number; item: IntakeItem }[] = [];
    for (const [index, item] of items.entries()) {
      try {
        const command = commandOf(item, index);
        this.eventTimes.check(
          command,
          `items[${index}].${command.kind === 'dossier' ? 'dossier' : 'statusChange'}`,
        );
        // Each item's outbox row is written inside its own span, as a single call's is.
        const span = (): SpanOptions => ({
          attributes: { [TraceAttribute.dossierCode]: command.body.dossierCode, ...traceAttributes() },
        });
        const inTrace = <T>(work: () => T): Promise<T> =>
          inSpan('dossier.accept', span, () => Promise.resolve(work()));
        valid.push({ index, item: { principal, command, correlationId, inTrace } });
      } catch (error) {
        results[index] = resultOf(index, error);
      }
    }
    const accepted = await this.intake.acceptAll(
      tx,
      valid.map(({ item }) => item),
    );
    for (const [position, { index }] of valid.entries()) {
      const result = accepted[position];
      results[index] =
        result instanceof DomainError ? resultOf(index, result) : { index, status: 202, ...result };
    }
    return results;
  }
}

/** A refused item's result: the status and problem its own call would have been answered with. */
function resultOf(index: number, error: unknown): BatchItemResult {
  if (!(error instanceof DomainError)) throw error;
  return {
    index,
    status: httpStatusOf(error.code),
    code: error.code,
    detail: error.message,
    errors: error.fields.length > 0 ? error.fields : undefined,
  };
}

function commandOf(item: Record<string, unknown>, index: number): IntakeCommand {
  const where = `items[${index}]`;
  if ('dossier' in item && !('statusChange' in item)) {
    return { kind: 'dossier', body: validated(DossierRegisteredV1, item.dossier, `${where}.dossier`) };
  }
  if ('statusChange' in item && !('dossier' in item)) {
    return {
      kind: 'status-change',
      body: validated(DossierStatusChangedV2, item.statusChange, `${where}.statusChange`),
    };
  }
  throw new DomainError(
    DomainErrorCode.ValidationFailed,
    `${where} must hold exactly one of dossier or statusChange`,
    [{ field: where, message: 'must hold exactly one of dossier or statusChange' }],
  );
}
