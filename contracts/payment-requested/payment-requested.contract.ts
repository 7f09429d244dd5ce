import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { paymentRequestedV1 } from './v1/payment-requested.v1';

export const PAYMENT_REQUESTED = 'payment.requested';

export const paymentRequestedContract = defineContract({
  name: PAYMENT_REQUESTED,
  topic: Topics.paymentEvents,
  folder: 'payment-requested',
  summary: "A request to collect a dossier's fees through a payment gateway.",
  versions: [paymentRequestedV1],
});
