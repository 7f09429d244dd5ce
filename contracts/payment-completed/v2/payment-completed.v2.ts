import { ArrayUnique, IsInt, Max, Min } from 'class-validator';
import { MAX_AMOUNT_VND } from '@lgsp/contracts/common/fee.v1';
import { PaymentOrderV1 } from '@lgsp/contracts/common/payment-order.v1';
import { contractVersion } from '@lgsp/contracts/registry/contract-definition';
import { IsOffsetDateTime } from '@lgsp/contracts/validation/date-formats.decorator';
import { IsCode } from '@lgsp/contracts/validation/field-rules.decorator';
import { IsNestedArray } from '@lgsp/contracts/validation/nested.decorator';

/** A dossier has a handful of fees; the bound only keeps one message from growing without limit. */
export const MAX_PAID_FEES = 50;

/** One fee of the dossier the order paid, named by its code in the dossier's `fees`. */
export class PaidFeeV2 {
  @IsCode()
  code!: string;

  /** Whole VND paid for this fee. */
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_VND)
  amount!: number;
}

/**
 * v1 and the fees the order paid, so a reader can tell the national portal which of the dossier's fees are paid.
 * `fees` is empty only on a payment upcast from v1, which did not say; producers of v2 list every paid fee.
 */
export class PaymentCompletedV2 extends PaymentOrderV1 {
  /** The gateway's transaction number, for reconciliation. */
  @IsCode(128)
  transactionNo!: string;

  @IsOffsetDateTime()
  paidAt!: string;

  @IsNestedArray(() => PaidFeeV2, MAX_PAID_FEES)
  @ArrayUnique((fee: PaidFeeV2) => fee.code, { message: 'fees must name each fee code once' })
  fees!: PaidFeeV2[];

  @IsOffsetDateTime()
  occurredAt!: string;
}

export const paymentCompletedV2 = contractVersion(2, PaymentCompletedV2);
