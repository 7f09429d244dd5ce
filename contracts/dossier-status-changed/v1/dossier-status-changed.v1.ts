import { IsEnum } from 'class-validator';
import { DossierStatus } from '@lgsp/contracts/common/dossier-status';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode, IsText, Optional } from '@lgsp/contracts/validation/field-rules.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';
import { IsNestedObject } from '@lgsp/contracts/validation/nested.decorator';

/** One processing step: who did what, in which department, and by when it is due. */
export class ProcessingStepV1 {
  @NormalizedText()
  @IsText(200)
  officer!: string;

  @Optional()
  @NormalizedText()
  @IsText(200)
  officerTitle?: string;

  @NormalizedText()
  @IsText(300)
  department!: string;

  @NormalizedText()
  @IsText(2000)
  content!: string;

  @IsOffsetDateTime()
  startedAt!: string;

  /** The legal deadline of the step, when the procedure sets one. */
  @Optional()
  @IsOffsetDateTime()
  dueAt?: string;
}

/** A dossier moved to a status, through a processing step. */
export class DossierStatusChangedV1 {
  @IsCode()
  dossierCode!: string;

  @IsEnum(DossierStatus)
  status!: DossierStatus;

  @IsNestedObject(() => ProcessingStepV1)
  step!: ProcessingStepV1;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const dossierStatusChangedV1 = contractVersion(1, DossierStatusChangedV1, { status: 'deprecated' });
