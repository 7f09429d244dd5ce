import { Module } from '@nestjs/common';
import { OutboxRelayModule } from '@lgsp/messaging';
import { NationalPortalModule } from '../national-portal.module';
import { FiledDossierPoller } from './filed-dossier.poller';

/** Collects dossiers filed on the national portal and publishes them (through the outbox) toward the province. */
@Module({
  imports: [NationalPortalModule, OutboxRelayModule],
  providers: [FiledDossierPoller],
  exports: [FiledDossierPoller],
})
export class PortalInboundModule {}
