import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { dossierStatusChangedV1ToV2 } from './dossier-status-changed.v1-to-v2.upcaster';
import { dossierStatusChangedV1 } from './v1/dossier-status-changed.v1';
import { dossierStatusChangedV2 } from './v2/dossier-status-changed.v2';

export const DOSSIER_STATUS_CHANGED = 'dossier.status-changed';

export const dossierStatusChangedContract = defineContract({
  name: DOSSIER_STATUS_CHANGED,
  topic: Topics.dossierEvents,
  folder: 'dossier-status-changed',
  summary:
    'A dossier moved to a status through a processing step; sent to partners after the dossier itself.',
  versions: [dossierStatusChangedV1, dossierStatusChangedV2],
  upcasters: [dossierStatusChangedV1ToV2],
});
