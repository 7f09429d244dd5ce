import { DynamicModule, Module } from '@nestjs/common';
import { BusConfigModule } from '@lgsp/config';
import { KafkaBusModule, MessagingModule } from '@lgsp/messaging';
import { MetricsEndpointModule, MetricsRegistry, ObservabilityModule } from '@lgsp/observability';
import { PersistenceModule, RetentionModule } from '@lgsp/persistence';
import { ResilienceModule } from '@lgsp/resilience';
import { configSlicesOf, enabledConnectors } from './connector-table';
import { ConnectorStatusController } from './ops/connector-status.controller';

/** The connectors' handlers on Kafka, driving the adapters, and the worker's small operator listener. */
@Module({})
export class WorkerModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    const connectors = enabledConnectors({ ...process.env, ...overrides }.CONNECTORS);
    return {
      module: WorkerModule,
      imports: [
        BusConfigModule.forRoot(overrides, configSlicesOf(connectors)),
        ObservabilityModule,
        MetricsEndpointModule,
        PersistenceModule,
        // Expired rows are deleted by the workers (every replica may run it; batches skip each other's rows).
        RetentionModule,
        MessagingModule,
        KafkaBusModule,
        ResilienceModule.forRoot({ metricsRegistry: MetricsRegistry }),
        ...new Set(connectors.map((connector) => connector.module)),
      ],
      controllers: [ConnectorStatusController],
    };
  }
}
