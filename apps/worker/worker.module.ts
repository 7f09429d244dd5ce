import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BusConfigModule } from '@lgsp/config';
import { ConnectorStatePublisher, KafkaBusModule, KafkaClient, MessagingModule } from '@lgsp/messaging';
import {
  HealthIndicatorsModule,
  MetricsRegistry,
  ObservabilityModule,
  alertsConfig,
} from '@lgsp/observability';
import { DatabaseService, PersistenceModule, RetentionModule } from '@lgsp/persistence';
import { ResilienceModule } from '@lgsp/resilience';
import { AccessGuard, AccessModule } from '@lgsp/security';
import { WorkerAlertsService } from './alerts/worker-alerts.service';
import { configSlicesOf, enabledConnectors } from './connector-table';
import { BreakersHealthIndicator } from './ops/breakers.health';
import { ConnectorStatusController } from './ops/connector-status.controller';
import { ConsumersHealthIndicator } from './ops/consumers.health';
import { WorkerHealthController } from './ops/worker-health.controller';
import { WorkerMetricsController } from './ops/worker-metrics.controller';
import { SharedBreakersCoordinator } from './partner-board/shared-breakers.coordinator';

/** The connectors' handlers on Kafka, driving the adapters, and the worker's small operator listener. */
@Module({})
export class WorkerModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    const connectors = enabledConnectors({ ...process.env, ...overrides }.CONNECTORS);
    return {
      module: WorkerModule,
      imports: [
        // The alerts' variables are validated at boot with the bus's and the connectors'.
        BusConfigModule.forRoot(overrides, [...configSlicesOf(connectors), alertsConfig]),
        ObservabilityModule,
        PersistenceModule,
        // Expired rows are deleted by the workers (every replica may run it; batches skip each other's rows).
        RetentionModule,
        MessagingModule,
        KafkaBusModule,
        ResilienceModule.forRoot({ metricsRegistry: MetricsRegistry }),
        // The operator listener checks tokens the gateway issued (keys and clients are in the shared database).
        AccessModule,
        HealthIndicatorsModule.forRoot({ database: DatabaseService, kafka: KafkaClient }),
        ...new Set(connectors.map((connector) => connector.module)),
      ],
      controllers: [ConnectorStatusController, WorkerHealthController, WorkerMetricsController],
      providers: [
        { provide: APP_GUARD, useExisting: AccessGuard },
        // Each connector's state to ops.connector-state, for the gateway's cluster view.
        ConnectorStatePublisher,
        // Every replica's breakers agree, and honour operators' overrides and maintenance windows.
        SharedBreakersCoordinator,
        ConsumersHealthIndicator,
        BreakersHealthIndicator,
        // Breaker, dead-letter and outbox alerts (docs/alerts.md).
        WorkerAlertsService,
      ],
    };
  }
}
