import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { citizenVerificationCompletedV1 } from './v1/citizen-verification-completed.v1';

export const CITIZEN_VERIFICATION_COMPLETED = 'citizen.verification-completed';

export const citizenVerificationCompletedContract = defineContract({
  name: CITIZEN_VERIFICATION_COMPLETED,
  topic: Topics.citizenVerification,
  folder: 'citizen-verification-completed',
  summary: 'The result of a citizen verification: whether the details match the population database.',
  versions: [citizenVerificationCompletedV1],
});
