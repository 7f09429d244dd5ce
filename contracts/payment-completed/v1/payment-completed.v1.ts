import { PaymentOrderV1 } from '@lgsp/contracts/common/payment-order.v1';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode } from '@lgsp/contracts/validation/field-rules.decorator';

/** The gateway's verified callback says the order is paid; applied once however often the callback came. */
export class PaymentCompletedV1 extends PaymentOrderV1 {
  /** The gateway's transaction number, for reconciliation. */
  @IsCode(128)
  transactionNo!: string;

  @IsOffsetDateTime()
  paidAt!: string;

  @IsOffsetDateTime()
  occurredAt!: string;
}

// Producers send v2, which names the fees paid; v1 is still read (upcast with no fees).
export const paymentCompletedV1 = contractVersion(1, PaymentCompletedV1, { status: 'deprecated' });
