import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { dossierRegisteredV1 } from './v1/dossier-registered.v1';

export const DOSSIER_REGISTERED = 'dossier.registered';

export const dossierRegisteredContract = defineContract({
  name: DOSSIER_REGISTERED,
  topic: Topics.dossierEvents,
  folder: 'dossier-registered',
  summary: 'A dossier registered in the one-stop system, to be synchronised with the national portal.',
  versions: [dossierRegisteredV1],
});
