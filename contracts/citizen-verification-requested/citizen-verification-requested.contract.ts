import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { citizenVerificationRequestedV1ToV2 } from './citizen-verification-requested.v1-to-v2.upcaster';
import { citizenVerificationRequestedV1 } from './v1/citizen-verification-requested.v1';
import { citizenVerificationRequestedV2 } from './v2/citizen-verification-requested.v2';

export const CITIZEN_VERIFICATION_REQUESTED = 'citizen.verification-requested';

export const citizenVerificationRequestedContract = defineContract({
  name: CITIZEN_VERIFICATION_REQUESTED,
  topic: Topics.citizenVerification,
  folder: 'citizen-verification-requested',
  summary: "A request to check a citizen's details against the population database, with its purpose.",
  versions: [citizenVerificationRequestedV1, citizenVerificationRequestedV2],
  upcasters: [citizenVerificationRequestedV1ToV2],
});
