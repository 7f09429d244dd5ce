import { IsInt, Max, Min } from 'class-validator';
import { IsCode } from '../validation/field-rules.decorator';
import { MAX_AMOUNT_VND } from './fee.v1';

/**
 * The order a payment is for; every payment message carries it so a result can be matched against our own
 * order (id and amount) before it is applied.
 */
export abstract class PaymentOrderV1 {
  @IsCode()
  orderId!: string;

  @IsCode()
  dossierCode!: string;

  /** Whole VND. */
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_VND)
  amount!: number;

  /** The configured payment gateway handling the order (for example the national portal's platform). */
  @IsCode()
  paymentGateway!: string;
}
