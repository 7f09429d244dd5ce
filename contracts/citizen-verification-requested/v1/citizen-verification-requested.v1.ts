import { IsUUID } from 'class-validator';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsCalendarDateOrYear, IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode, IsText } from '@lgsp/contracts/validation/field-rules.decorator';
import { IsPersonalId } from '@lgsp/contracts/validation/is-personal-id.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';
import { IsNestedObject } from '@lgsp/contracts/validation/nested.decorator';

/**
 * Why a citizen's data is looked at and who answers for it: the population database refuses a look-up without
 * a public service, an agency and an officer.
 */
export class VerificationPurposeV1 {
  /** The public service the look-up serves. */
  @IsCode()
  serviceCode!: string;

  @IsCode()
  agencyCode!: string;

  /** The officer accountable for the look-up. */
  @IsCode()
  officerCode!: string;
}

/** Asks whether the given details match a citizen in the population database. */
export class CitizenVerificationRequestedV1 {
  @IsUUID()
  requestId!: string;

  @IsPersonalId()
  personalId!: string;

  @NormalizedText()
  @IsText(200)
  fullName!: string;

  /** The full birth date, or only the year when that is all the applicant's papers show. */
  @IsCalendarDateOrYear()
  birthDate!: string;

  @IsNestedObject(() => VerificationPurposeV1)
  purpose!: VerificationPurposeV1;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const citizenVerificationRequestedV1 = contractVersion(1, CitizenVerificationRequestedV1);
