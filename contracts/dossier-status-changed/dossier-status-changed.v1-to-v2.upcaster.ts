import { defineUpcaster } from '../registry/contract-definition';
import { dossierStatusChangedV1 } from './v1/dossier-status-changed.v1';
import { dossierStatusChangedV2 } from './v2/dossier-status-changed.v2';

/** A v1 step produced no documents that v1 could carry, so it reads as a step with an empty list. */
export const dossierStatusChangedV1ToV2 = defineUpcaster(
  dossierStatusChangedV1,
  dossierStatusChangedV2,
  (v1) => ({ ...v1, step: { ...v1.step, resultDocuments: [] } }),
);
