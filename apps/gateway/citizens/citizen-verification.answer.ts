import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMPARED_FIELDS, type ComparedField } from '@lgsp/contracts/common/citizen-fields';
import type { DisclosedCitizenV2 } from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';

/** The verdicts a look-up answers 200 with; `unavailable` is a 503 and a passed deadline a 504. */
export type AnsweredVerdict = 'match' | 'no-match' | 'not-found';

/** The 200 body. */
export interface CitizenVerificationAnswer {
  requestId: string;
  verdict: AnsweredVerdict;
  differingFields: ComparedField[];
  /** Only with `match`, and only the fields the client's record lists. */
  citizen?: DisclosedCitizenV2;
}

/** The 200 body as OpenAPI shows it. */
export class CitizenVerificationAnswerDocument implements CitizenVerificationAnswer {
  @ApiProperty({ format: 'uuid', description: 'Names this look-up in the audit record and the logs' })
  requestId!: string;

  @ApiProperty({
    enum: ['match', 'no-match', 'not-found'],
    description:
      '`match`: the ID exists and the name and birth date agree; `no-match`: the ID exists and `differingFields` ' +
      'names what does not agree; `not-found`: no citizen has this ID',
  })
  verdict!: AnsweredVerdict;

  @ApiProperty({ enum: COMPARED_FIELDS, isArray: true })
  differingFields!: ComparedField[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'With `match`: the citizen fields this client may see (its record lists them; none by default): fullName, ' +
      'birthDate, sex, nationality, ethnicity, birthRegistrationProvince',
  })
  citizen?: DisclosedCitizenV2;
}

/** One look-up as the data-subject listing shows it: who asked, why, and the verdict; never the person's data. */
export interface CitizenLookup {
  sequence: number;
  occurredAt: string;
  clientId: string;
  officerCode: string;
  purpose: { serviceCode: string; dossierCode: string; agencyCode: string };
  verdict: string;
  requestId: string;
  correlationId: string;
}

export class CitizenLookupDocument implements CitizenLookup {
  @ApiProperty({ description: 'Place in the citizen-lookup audit chain' })
  sequence!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ description: 'The API client that made the look-up' })
  clientId!: string;

  @ApiProperty({ description: 'The accountable officer' })
  officerCode!: string;

  @ApiProperty({
    type: 'object',
    properties: {
      serviceCode: { type: 'string' },
      dossierCode: { type: 'string' },
      agencyCode: { type: 'string' },
    },
  })
  purpose!: { serviceCode: string; dossierCode: string; agencyCode: string };

  @ApiProperty({
    enum: ['match', 'no-match', 'not-found', 'unavailable', 'deadline-exceeded', 'failed'],
    description: 'The verdict, or why there was none',
  })
  verdict!: string;

  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty()
  correlationId!: string;
}

export class CitizenLookupsDocument {
  @ApiProperty({
    description: 'The person’s look-ups in the period, oldest first',
    type: [CitizenLookupDocument],
  })
  lookups!: CitizenLookupDocument[];

  @ApiProperty({
    description: 'True when the period holds more than the listed look-ups: ask for a shorter one',
  })
  truncated!: boolean;
}
