import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { NationalPortalModule, PortalInboundModule } from '@lgsp/adapters/national-portal';
import { OneStopModule } from '@lgsp/adapters/one-stop';
import { BusConfig, BusConfigModule, validateEnvironment } from '@lgsp/config';
import { MessagingModule } from '@lgsp/messaging';
import { MetricsEndpointModule, MetricsRegistry, ObservabilityModule } from '@lgsp/observability';
import { PersistenceModule, RetentionModule } from '@lgsp/persistence';
import { ResilienceModule } from '@lgsp/resilience';
import { ConnectorPauseCoordinator } from './connectors/connector-pause.coordinator';
import { FailureTraceRecorder } from './connectors/failure-trace.recorder';
import { NationalPortalSyncConsumer } from './connectors/national-portal-sync.consumer';
import { OneStopDeliveryConsumer } from './connectors/one-stop-delivery.consumer';
import { DossierTraceConsumer } from './dossier-trace/dossier-trace.consumer';
import { ConnectorStatusController } from './ops/connector-status.controller';

/** Each connector the worker can run: its consumers and the adapter modules they need. */
const CONNECTORS: Record<string, { consumers: Type[]; imports: Type[] }> = {
  'dossier-trace': { consumers: [DossierTraceConsumer], imports: [] },
  'national-portal': { consumers: [NationalPortalSyncConsumer], imports: [NationalPortalModule] },
  'portal-inbound': { consumers: [], imports: [PortalInboundModule] },
  'one-stop': { consumers: [OneStopDeliveryConsumer], imports: [OneStopModule] },
};

/** Kafka consumers that drive the adapters. Which connectors run is configuration, so each can scale alone. */
@Module({})
export class WorkerModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    const enabled = connectorsOf(validateEnvironment({ ...process.env, ...overrides }));
    const consumers: Provider[] = enabled.flatMap((name) => CONNECTORS[name].consumers);
    return {
      module: WorkerModule,
      imports: [
        BusConfigModule.forRoot(overrides),
        ObservabilityModule,
        MetricsEndpointModule,
        PersistenceModule,
        // Expired rows are deleted by the workers (every replica may run it; batches skip each other's rows).
        RetentionModule,
        MessagingModule,
        ResilienceModule.forRoot({ metricsRegistry: MetricsRegistry }),
        ...new Set(enabled.flatMap((name) => CONNECTORS[name].imports)),
      ],
      providers: [...consumers, FailureTraceRecorder, ConnectorPauseCoordinator],
      controllers: [ConnectorStatusController],
    };
  }
}

function connectorsOf(config: BusConfig): string[] {
  const unknown = config.connectors.enabled.filter((name) => !(name in CONNECTORS));
  if (unknown.length > 0) {
    throw new Error(
      `CONNECTORS names unknown connectors: ${unknown.join(', ')} (known: ${Object.keys(CONNECTORS).join(', ')})`,
    );
  }
  return config.connectors.enabled;
}
