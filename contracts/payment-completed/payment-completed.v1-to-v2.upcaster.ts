import { defineUpcaster } from '../registry/contract-definition';
import { paymentCompletedV1 } from './v1/payment-completed.v1';
import { paymentCompletedV2 } from './v2/payment-completed.v2';

/**
 * v1 named no fees. None is guessed from the amount (two fees may add up to it either way): the list stays
 * empty, and a reader that needs the fees (the national portal) refuses the payment with that reason.
 */
export const paymentCompletedV1ToV2 = defineUpcaster(paymentCompletedV1, paymentCompletedV2, (v1) => ({
  ...v1,
  fees: [],
}));
