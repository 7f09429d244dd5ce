import { IsUrl } from 'class-validator';
import { FeeV1 } from '@lgsp/contracts/common/fee.v1';
import { PaymentOrderV1 } from '@lgsp/contracts/common/payment-order.v1';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsText } from '@lgsp/contracts/validation/field-rules.decorator';
import { NormalizedText } from '@lgsp/contracts/validation/normalized-text.decorator';
import { IsNestedArray } from '@lgsp/contracts/validation/nested.decorator';

/** The one-stop system asks the citizen to pay for a dossier's fees. */
export class PaymentRequestedV1 extends PaymentOrderV1 {
  /** Shown to the citizen by the payment gateway. */
  @NormalizedText()
  @IsText(255)
  description!: string;

  /** The fees the amount adds up. */
  @IsNestedArray(() => FeeV1, 100)
  fees!: FeeV1[];

  /** Where the citizen's browser returns after paying; only for display, the gateway's callback is the truth. */
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  returnUrl!: string;

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const paymentRequestedV1 = contractVersion(1, PaymentRequestedV1);
