import { defineUpcaster } from '../registry/contract-definition';
import { citizenVerificationCompletedV1 } from './v1/citizen-verification-completed.v1';
import { citizenVerificationCompletedV2 } from './v2/citizen-verification-completed.v2';

/** v1 said only whether the details matched: a mismatch names no field, and nothing is disclosed. */
export const citizenVerificationCompletedV1ToV2 = defineUpcaster(
  citizenVerificationCompletedV1,
  citizenVerificationCompletedV2,
  (v1) => ({
    requestId: v1.requestId,
    verdict: v1.matched ? ('match' as const) : ('no-match' as const),
    differingFields: [],
    occurredAt: v1.occurredAt,
  }),
);
