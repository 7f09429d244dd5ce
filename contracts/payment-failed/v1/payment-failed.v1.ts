import { PaymentOrderV1 } from '@lgsp/contracts/common/payment-order.v1';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode, IsText } from '@lgsp/contracts/validation/field-rules.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';

/** The gateway reports that the order was not paid (declined, cancelled, expired). */
export class PaymentFailedV1 extends PaymentOrderV1 {
  /** The gateway's own code, kept for support; the adapters do not interpret it further. */
  @IsCode()
  reasonCode!: string;

  @NormalizedText()
  @IsText(500)
  reason!: string;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const paymentFailedV1 = contractVersion(1, PaymentFailedV1);
