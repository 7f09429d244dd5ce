import { Module } from '@nestjs/common';
import { OutboxRelayModule } from '@lgsp/messaging';
import { DossierBatchService } from './dossier-batch.service';
import { DossierIntakeService } from './dossier-intake.service';
import { DossiersController } from './dossiers.controller';
import { IdempotentRequests } from './idempotent-request.service';

@Module({
  imports: [OutboxRelayModule],
  controllers: [DossiersController],
  providers: [DossierIntakeService, DossierBatchService, IdempotentRequests],
})
export class DossiersModule {}
