import { Module } from '@nestjs/common';
import { NationalPortalSyncController } from './national-portal-sync.controller';
import { NationalPortalModule } from './national-portal.module';

/** The national-portal connector: dossier events → the portal. portal-inbound shares its client and breaker. */
@Module({
  imports: [NationalPortalModule],
  controllers: [NationalPortalSyncController],
})
export class NationalPortalSyncModule {}
