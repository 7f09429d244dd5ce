import { Module } from '@nestjs/common';
import { OperatorsModule } from '../operators/operators.module';
import { IntakePolicyModule } from '../intake-policy/intake-policy.module';
import { DelayReportsController } from './delay-reports.controller';
import { DelayReports } from './delay-report.service';

/** The delay report: which partner's outage, window or refusals made events late. */
@Module({
  imports: [OperatorsModule, IntakePolicyModule],
  controllers: [DelayReportsController],
  providers: [DelayReports],
})
export class DelayReportsModule {}
