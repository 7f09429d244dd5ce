import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { dossierUpdatedV1 } from './v1/dossier-updated.v1';

export const DOSSIER_UPDATED = 'dossier.updated';

export const dossierUpdatedContract = defineContract({
  name: DOSSIER_UPDATED,
  topic: Topics.dossierEvents,
  folder: 'dossier-updated',
  summary: 'A registered dossier changed in the one-stop system; the message carries the whole dossier.',
  versions: [dossierUpdatedV1],
});
