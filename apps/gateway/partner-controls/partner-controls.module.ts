import { Module } from '@nestjs/common';
import { AuditModule } from '@lgsp/audit';
import { IntakePolicyModule } from '../intake-policy/intake-policy.module';
import { PartnerControlsController } from './partner-controls.controller';
import { PartnerControls } from './partner-controls.service';

/** Operators' overrides and maintenance windows for the partners the worker replicas share breakers for. */
@Module({
  imports: [AuditModule, IntakePolicyModule],
  controllers: [PartnerControlsController],
  providers: [PartnerControls],
})
export class PartnerControlsModule {}
