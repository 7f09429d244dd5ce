import { ApplicantV1 } from '@lgsp/contracts/common/applicant.v1';
import { DossierDocumentV1 } from '@lgsp/contracts/common/dossier-document.v1';
import { FeeV1 } from '@lgsp/contracts/common/fee.v1';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode, IsText, Optional } from '@lgsp/contracts/validation/field-rules.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';
import { IsNestedArray, IsNestedObject } from '@lgsp/contracts/validation/nested.decorator';

/** A dossier a citizen filed on the national portal, for the province's one-stop system to receive. */
export class DossierFiledOnPortalV1 {
  /** The code the national portal gave the dossier. */
  @IsCode()
  dossierCode!: string;

  @IsCode()
  procedureCode!: string;

  @NormalizedText()
  @IsText(500)
  procedureName!: string;

  @Optional()
  @IsCode()
  fieldCode?: string;

  /** The provincial agency the citizen addressed. */
  @IsCode()
  agencyCode!: string;

  @IsNestedObject(() => ApplicantV1)
  applicant!: ApplicantV1;

  @Optional()
  @NormalizedText()
  @IsText(2000)
  summary?: string;

  @IsNestedArray(() => DossierDocumentV1, 500)
  documents!: DossierDocumentV1[];

  @IsNestedArray(() => FeeV1, 100)
  fees!: FeeV1[];

  @IsOffsetDateTime()
  filedAt!: string;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const dossierFiledOnPortalV1 = contractVersion(1, DossierFiledOnPortalV1);
