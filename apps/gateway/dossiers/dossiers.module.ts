import { Module } from '@nestjs/common';
import { OutboxRelayModule } from '@lgsp/messaging';
import { IntakePolicyModule } from '../intake-policy/intake-policy.module';
import { StaleEventsModule } from '../stale-events/stale-events.module';
import { DossierBatchService } from './dossier-batch.service';
import { DossierTimeline } from './dossier-timeline.service';
import { DossierIntakeService } from './dossier-intake.service';
import { DossiersController } from './dossiers.controller';
import { IdempotentRequests } from './idempotent-request.service';
import { IntakeGroupCommit } from './intake-group-commit.service';

@Module({
  imports: [OutboxRelayModule, IntakePolicyModule, StaleEventsModule],
  controllers: [DossiersController],
  providers: [
    DossierIntakeService,
    DossierBatchService,
    IdempotentRequests,
    IntakeGroupCommit,
    DossierTimeline,
  ],
})
export class DossiersModule {}
