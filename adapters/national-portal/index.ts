export { NationalPortalClient } from './client/national-portal.client';
export { PortalInboundModule } from './inbound/portal-inbound.module';
export { NationalPortalSyncModule } from './national-portal-sync.module';
export { NationalPortalPaymentService } from './national-portal-payment.service';
export { NationalPortalSyncService } from './national-portal-sync.service';
export { nationalPortalConfig } from './national-portal.config';
export { NationalPortalModule } from './national-portal.module';
export { NATIONAL_PORTAL } from './national-portal.policy';
