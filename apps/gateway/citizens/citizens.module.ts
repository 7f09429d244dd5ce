import { Module } from '@nestjs/common';
import { AuditModule } from '@lgsp/audit';
import { CitizenLookupAudit } from './citizen-lookup.audit';
import { CitizenVerificationService } from './citizen-verification.service';
import { CitizenVerificationsController } from './citizen-verifications.controller';
import { PopulationRequestClient } from './population-request.client';

/** Citizen verification through the population connector, every look-up in the citizen-lookup audit chain. */
@Module({
  imports: [AuditModule],
  controllers: [CitizenVerificationsController],
  providers: [PopulationRequestClient, CitizenVerificationService, CitizenLookupAudit],
})
export class CitizensModule {}
