import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { dossierFiledOnPortalV1 } from './v1/dossier-filed-on-portal.v1';

export const DOSSIER_FILED_ON_PORTAL = 'dossier.filed-on-portal';

export const dossierFiledOnPortalContract = defineContract({
  name: DOSSIER_FILED_ON_PORTAL,
  topic: Topics.dossierFiledOnPortal,
  folder: 'dossier-filed-on-portal',
  summary: 'Inbound: a dossier filed on the national portal, delivered to the provincial one-stop system.',
  versions: [dossierFiledOnPortalV1],
});
