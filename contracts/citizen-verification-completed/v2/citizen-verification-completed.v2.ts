import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { COMPARED_FIELDS, type ComparedField } from '@lgsp/contracts/common/citizen-fields';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsNestedObject } from '@lgsp/contracts/validation/nested.decorator';

export const VERIFICATION_VERDICTS = ['match', 'no-match', 'not-found', 'unavailable'] as const;

/**
 * - match: the ID exists and the name and birth date agree;
 * - no-match: the ID exists, and `differingFields` names what does not agree;
 * - not-found: no citizen has this ID;
 * - unavailable: the population database cannot be asked now (its breaker is open); try after `retryAfterSeconds`.
 */
export type VerificationVerdict = (typeof VERIFICATION_VERDICTS)[number];

/** Citizen fields disclosed with a match: only those the request asked for (the client may see). */
export class DisclosedCitizenV2 {
  @IsOptional()
  @IsString()
  fullName?: string;

  /** YYYY-MM-DD. */
  @IsOptional()
  @IsString()
  birthDate?: string;

  @IsOptional()
  @IsIn(['male', 'female'])
  sex?: 'male' | 'female';

  @IsOptional()
  @IsString()
  nationality?: string;

  @IsOptional()
  @IsString()
  ethnicity?: string;

  @IsOptional()
  @IsString()
  birthRegistrationProvince?: string;
}

/** The population database's answer to one verification request, linked to it by the request id. */
export class CitizenVerificationCompletedV2 {
  @IsUUID()
  requestId!: string;

  @IsIn(VERIFICATION_VERDICTS)
  verdict!: VerificationVerdict;

  /** With `no-match`: the fields that do not agree. */
  @IsArray()
  @ArrayUnique()
  @IsIn(COMPARED_FIELDS, { each: true })
  differingFields!: ComparedField[];

  @IsOptional()
  @IsNestedObject(() => DisclosedCitizenV2)
  citizen?: DisclosedCitizenV2;

  /** With `unavailable`: when the population database may be asked again. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3_600)
  retryAfterSeconds?: number;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const citizenVerificationCompletedV2 = contractVersion(2, CitizenVerificationCompletedV2);
