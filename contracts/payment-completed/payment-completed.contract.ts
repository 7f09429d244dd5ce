import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { paymentCompletedV1 } from './v1/payment-completed.v1';

export const PAYMENT_COMPLETED = 'payment.completed';

export const paymentCompletedContract = defineContract({
  name: PAYMENT_COMPLETED,
  topic: Topics.paymentEvents,
  folder: 'payment-completed',
  summary: 'A payment confirmed by the gateway, matched against our order id and amount.',
  versions: [paymentCompletedV1],
});
