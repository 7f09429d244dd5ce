import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { paymentFailedV1 } from './v1/payment-failed.v1';

export const PAYMENT_FAILED = 'payment.failed';

export const paymentFailedContract = defineContract({
  name: PAYMENT_FAILED,
  topic: Topics.paymentEvents,
  folder: 'payment-failed',
  summary: 'A payment the gateway reports as not made.',
  versions: [paymentFailedV1],
});
