import { IsBoolean, IsUUID } from 'class-validator';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';

/**
 * The population database's answer to one verification request. It says only whether the details match:
 * the request id links it to the question, so no personal data travels back.
 */
export class CitizenVerificationCompletedV1 {
  @IsUUID()
  requestId!: string;

  @IsBoolean()
  matched!: boolean;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const citizenVerificationCompletedV1 = contractVersion(1, CitizenVerificationCompletedV1);
