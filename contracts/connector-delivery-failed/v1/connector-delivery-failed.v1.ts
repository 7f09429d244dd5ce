import { IsInt, IsUUID, Min } from 'class-validator';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode, IsText, Optional } from '@lgsp/contracts/validation/field-rules.decorator';

/**
 * A connector gave up delivering a message (dead-lettered it); the system that sent it must act, since the
 * partner never received it.
 */
export class ConnectorDeliveryFailedV1 {
  /** The connector that failed, e.g. `national-portal`. */
  @IsCode()
  connector!: string;

  /** The envelope id of the message that was not delivered. */
  @IsUUID()
  messageId!: string;

  @IsCode()
  messageType!: string;

  @IsInt()
  @Min(1)
  contractVersion!: number;

  @Optional()
  @IsCode()
  dossierCode?: string;

  /**
   * The bus's error code (DomainErrorCode, e.g. `rejected_by_partner`), as text: a code added to the bus later
   * must not change this published contract.
   */
  @IsCode()
  errorCode!: string;

  @IsText(2000)
  reason!: string;

  @IsInt()
  @Min(1)
  attempts!: number;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const connectorDeliveryFailedV1 = contractVersion(1, ConnectorDeliveryFailedV1);
