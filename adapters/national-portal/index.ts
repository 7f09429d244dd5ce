export { NationalPortalClient } from './client/national-portal.client';
export { toPortalDossier, toProgressStep, withStatus } from './mapping/portal-dossier.mapping';
export { NationalPortalModule } from './national-portal.module';
export { NationalPortalSyncService } from './national-portal-sync.service';
export { NATIONAL_PORTAL, nationalPortalPolicy } from './national-portal.policy';
export { FiledDossierPoller, PORTAL_FEED } from './inbound/filed-dossier.poller';
export { PortalInboundModule } from './inbound/portal-inbound.module';
export { toFiledDossier } from './mapping/filed-dossier.mapping';
