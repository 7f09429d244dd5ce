import { defineUpcaster } from '../registry/contract-definition';
import { citizenVerificationRequestedV1 } from './v1/citizen-verification-requested.v1';
import { citizenVerificationRequestedV2 } from './v2/citizen-verification-requested.v2';

/** A v1 request named no dossier (it reads as `UNSPECIFIED`, kept so in the audit) and asked for no citizen fields. */
export const citizenVerificationRequestedV1ToV2 = defineUpcaster(
  citizenVerificationRequestedV1,
  citizenVerificationRequestedV2,
  (v1) => ({ ...v1, purpose: { ...v1.purpose, dossierCode: 'UNSPECIFIED' }, disclose: [] }),
);
