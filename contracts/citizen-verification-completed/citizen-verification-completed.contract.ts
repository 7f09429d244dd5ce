import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { citizenVerificationCompletedV1ToV2 } from './citizen-verification-completed.v1-to-v2.upcaster';
import { citizenVerificationCompletedV1 } from './v1/citizen-verification-completed.v1';
import { citizenVerificationCompletedV2 } from './v2/citizen-verification-completed.v2';

export const CITIZEN_VERIFICATION_COMPLETED = 'citizen.verification-completed';

export const citizenVerificationCompletedContract = defineContract({
  name: CITIZEN_VERIFICATION_COMPLETED,
  topic: Topics.citizenVerification,
  folder: 'citizen-verification-completed',
  summary: 'The result of a citizen verification: whether the details match the population database.',
  versions: [citizenVerificationCompletedV1, citizenVerificationCompletedV2],
  upcasters: [citizenVerificationCompletedV1ToV2],
});
