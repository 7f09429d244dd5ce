import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { paymentCompletedV1ToV2 } from './payment-completed.v1-to-v2.upcaster';
import { paymentCompletedV1 } from './v1/payment-completed.v1';
import { paymentCompletedV2 } from './v2/payment-completed.v2';

export const PAYMENT_COMPLETED = 'payment.completed';

export const paymentCompletedContract = defineContract({
  name: PAYMENT_COMPLETED,
  topic: Topics.paymentEvents,
  folder: 'payment-completed',
  summary:
    'A payment confirmed by the gateway, matched against our order id and amount, with the fees it paid.',
  versions: [paymentCompletedV1, paymentCompletedV2],
  upcasters: [paymentCompletedV1ToV2],
});
