import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSlice } from '@lgsp/config';

/** When the gateway asks the payment gateways about orders whose callback has not come. */
export class PaymentReconciliationVariables {
  /** An order still pending this long after it was opened is asked about: its callback may have been lost. */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(7 * 24 * 3_600_000)
  PAYMENT_RECONCILE_AFTER_MS = 15 * 60_000;

  /** How often the scheduled run looks for such orders; 0 turns the schedule off (`npm run payments` still works). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 3_600_000)
  PAYMENT_RECONCILE_EVERY_MS = 60_000;
}

export interface PaymentReconciliationSettings {
  afterMs: number;
  everyMs: number;
}

export const paymentReconciliationConfig: ConfigSlice<
  PaymentReconciliationVariables,
  PaymentReconciliationSettings
> = {
  name: 'payment reconciliation (gateway)',
  variables: PaymentReconciliationVariables,
  production: { required: [], secrets: [] },
  settings: (variables) => ({
    afterMs: variables.PAYMENT_RECONCILE_AFTER_MS,
    everyMs: variables.PAYMENT_RECONCILE_EVERY_MS,
  }),
};
