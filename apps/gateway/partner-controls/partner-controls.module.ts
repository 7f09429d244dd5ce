import { Module } from '@nestjs/common';
import { OperatorsModule } from '../operators/operators.module';
import { IntakePolicyModule } from '../intake-policy/intake-policy.module';
import { PartnerControlsController } from './partner-controls.controller';
import { PartnerControls } from './partner-controls.service';

/** Operators' overrides and maintenance windows for the partners the worker replicas share breakers for. */
@Module({
  imports: [OperatorsModule, IntakePolicyModule],
  controllers: [PartnerControlsController],
  providers: [PartnerControls],
})
export class PartnerControlsModule {}
