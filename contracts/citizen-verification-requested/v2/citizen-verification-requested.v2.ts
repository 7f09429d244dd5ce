import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { CITIZEN_FIELDS, type CitizenField } from '@lgsp/contracts/common/citizen-fields';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsCalendarDateOrYear, IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode, IsText } from '@lgsp/contracts/validation/field-rules.decorator';
import { IsCitizenId } from '@lgsp/contracts/validation/is-personal-id.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';
import { IsNestedObject } from '@lgsp/contracts/validation/nested.decorator';

/**
 * Why a citizen's data is looked at and who answers for it (Decree 13/2023 on personal data protection): the
 * public service, the dossier it is for, the agency and the accountable officer.
 */
export class VerificationPurposeV2 {
  /** The public service the look-up serves (`MaDVC`). */
  @IsCode()
  serviceCode!: string;

  /** The dossier the look-up is for. */
  @IsCode()
  dossierCode!: string;

  @IsCode()
  agencyCode!: string;

  /** The officer accountable for the look-up (`MaCanBo`). */
  @IsCode()
  officerCode!: string;
}

/** Asks whether the given details match a citizen in the population database, and what may be disclosed. */
export class CitizenVerificationRequestedV2 {
  @IsUUID()
  requestId!: string;

  /** 12-digit personal ID (`SoDinhDanh`) or legacy 9-digit identity card number (`SoCMND`). */
  @IsCitizenId()
  personalId!: string;

  @NormalizedText()
  @IsText(200)
  fullName!: string;

  /** The full birth date, or only the year when that is all the applicant's papers show. */
  @IsCalendarDateOrYear()
  birthDate!: string;

  @IsNestedObject(() => VerificationPurposeV2)
  purpose!: VerificationPurposeV2;

  /** Citizen fields the asking client may see; only these come back with a match. */
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CITIZEN_FIELDS.length)
  @IsIn(CITIZEN_FIELDS, { each: true })
  disclose!: CitizenField[];

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const citizenVerificationRequestedV2 = contractVersion(2, CitizenVerificationRequestedV2);
