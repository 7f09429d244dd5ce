import { IsEmail, IsEnum, Matches } from 'class-validator';
import { IsCalendarDate } from '../validation/date-formats.decorator';
import { IsText, Optional } from '../validation/field-rules.decorator';
import { IsPersonalId } from '../validation/is-personal-id.decorator';
import { IsPlainText } from '../validation/plain-text.decorator';
import { NormalizedText } from '../validation/normalized-text.decorator';

/** Who files a dossier for themselves, or represents a business or another organisation. */
export enum ApplicantKind {
  Citizen = 'citizen',
  Business = 'business',
  Organisation = 'organisation',
}

/** The person a dossier belongs to (chủ hồ sơ). */
export class ApplicantV1 {
  /** The 12-digit personal ID of the applicant, or of the representative for a business or organisation. */
  @IsPersonalId()
  personalId!: string;

  @NormalizedText()
  @IsText(200)
  fullName!: string;

  @Optional()
  @IsCalendarDate()
  birthDate?: string;

  @IsEnum(ApplicantKind)
  kind!: ApplicantKind;

  @Optional()
  @Matches(/^\+?\d{8,15}$/u, { message: 'phone must be 8 to 15 digits, optionally after +' })
  phone?: string;

  @Optional()
  /** IsEmail lets control characters through in a quoted local part; intake policy does not. */
  @IsEmail()
  @IsPlainText()
  email?: string;

  @Optional()
  @NormalizedText()
  @IsText(500)
  address?: string;
}
