import { Module } from '@nestjs/common';
import { BusConfigModule } from '@lgsp/config';
import { MessagingModule } from '@lgsp/messaging';
import { ObservabilityModule } from '@lgsp/observability';
import { PersistenceModule } from '@lgsp/persistence';
import { DossierTraceConsumer } from './dossier-trace/dossier-trace.consumer';

/** Kafka consumers that drive the adapters. Which connectors run is configuration, so each can scale alone. */
@Module({
  providers: [DossierTraceConsumer],
})
export class WorkerFeaturesModule {}

@Module({})
export class WorkerModule {
  static forRoot(overrides: Record<string, string> = {}) {
    return {
      module: WorkerModule,
      imports: [
        BusConfigModule.forRoot(overrides),
        ObservabilityModule,
        PersistenceModule,
        MessagingModule,
        WorkerFeaturesModule,
      ],
    };
  }
}
