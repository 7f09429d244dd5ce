import { IsEnum } from 'class-validator';
import { ResultDocumentV1 } from '@lgsp/contracts/common/dossier-document.v1';
import { DossierStatus } from '@lgsp/contracts/common/dossier-status';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode, IsText, Optional } from '@lgsp/contracts/validation/field-rules.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';
import { IsNestedArray, IsNestedObject } from '@lgsp/contracts/validation/nested.decorator';

/** v2 of the step adds the documents the step produced (possibly none). */
export class ProcessingStepV2 {
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

  @Optional()
  @IsOffsetDateTime()
  dueAt?: string;

  @IsNestedArray(() => ResultDocumentV1, 100)
  resultDocuments!: ResultDocumentV1[];
}

/** A dossier moved to a status, through a processing step that may have produced documents. */
export class DossierStatusChangedV2 {
  @IsCode()
  dossierCode!: string;

  @IsEnum(DossierStatus)
  status!: DossierStatus;

  @IsNestedObject(() => ProcessingStepV2)
  step!: ProcessingStepV2;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const dossierStatusChangedV2 = contractVersion(2, DossierStatusChangedV2);
