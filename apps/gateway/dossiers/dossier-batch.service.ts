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
import { DossierIntakeService, IntakeCommand } from './dossier-intake.service';

/** Accepts up to 500 dossier calls in one transaction, judging each item on its own. */
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
    const results: BatchItemResult[] = [];
    // All of the batch's dossiers are locked up front in one order, not item by item in the caller's order.
    await this.intake.lockDossiers(
      tx,
      items.map(dossierCodeOf).filter((code) => code !== undefined),
    );
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
        const receipt = await inSpan('dossier.accept', span, () =>
          this.intake.accept(tx, principal, command, correlationId),
        );
        results.push({ index, status: 202, ...receipt });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({
          index,
          status: httpStatusOf(error.code),
          code: error.code,
          detail: error.message,
          errors: error.fields.length > 0 ? error.fields : undefined,
        });
      }
    }
    return results;
  }
}

/** The dossier code an item names, before validation (an invalid item's code is locked for nothing). */
function dossierCodeOf(item: Record<string, unknown>): string | undefined {
  const body = item.dossier ?? item.statusChange;
  const code =
    typeof body === 'object' && body !== null ? (body as { dossierCode?: unknown }).dossierCode : undefined;
  return typeof code === 'string' ? code : undefined;
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
