import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDateOrYear, IsOffsetDateTime } from '@lgsp/contracts';
import { VerificationPurposeV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import { IsText } from '@lgsp/contracts/validation/field-rules.decorator';
import { IsCitizenId } from '@lgsp/contracts/validation/is-personal-id.decorator';
import { IsNestedObject } from '@lgsp/contracts/validation/nested.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';

const PERSONAL_ID =
  '12-digit personal ID (SoDinhDanh: province 001–096, sex and century, birth year, 6 digits) or legacy ' +
  '9-digit identity card number (SoCMND). Only its keyed hash is recorded.';

/** `POST /v1/citizens/verifications`: the details to check and why (Decree 13/2023: purpose and officer). */
export class CitizenVerificationRequest {
  @ApiProperty({ description: PERSONAL_ID, pattern: '^([0-9]{9}|[0-9]{12})$', example: '001203012345' })
  @IsCitizenId()
  personalId!: string;

  @ApiProperty({
    maxLength: 200,
    example: 'Nguyễn Văn An',
    description: 'Compared after NFC, case and space folding',
  })
  @NormalizedText()
  @IsText(200)
  fullName!: string;

  @ApiProperty({
    description: 'YYYY-MM-DD, or YYYY when the papers show only the year',
    example: '1990-05-17',
  })
  @IsCalendarDateOrYear()
  birthDate!: string;

  @ApiProperty({
    type: VerificationPurposeV2,
    description: 'Why the look-up is made and who answers for it: service, dossier, agency and officer',
  })
  @IsNestedObject(() => VerificationPurposeV2)
  purpose!: VerificationPurposeV2;
}

/** `GET /v1/citizens/verifications`: one person's look-ups over a period (a data-subject request). */
export class CitizenLookupsQuery {
  @ApiProperty({ description: PERSONAL_ID })
  @IsCitizenId()
  personalId!: string;

  @ApiProperty({
    description: 'Start of the period (ISO 8601 with an offset), inclusive',
    example: '2026-01-01T00:00:00+07:00',
  })
  @IsOffsetDateTime()
  from!: string;

  @ApiProperty({
    description: 'End of the period (ISO 8601 with an offset), exclusive',
    example: '2026-12-31T00:00:00+07:00',
  })
  @IsOffsetDateTime()
  to!: string;
}
