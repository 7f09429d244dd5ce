import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BusConfigModule } from '@lgsp/config';
import { MessagingModule } from '@lgsp/messaging';
import { MetricsRegistry, ObservabilityModule } from '@lgsp/observability';
import { PersistenceModule } from '@lgsp/persistence';
import { ResilienceModule } from '@lgsp/resilience';
import { AccessGuard, AccessModule } from '@lgsp/security';
import { CitizensModule } from './citizens/citizens.module';
import { ConsoleModule } from './console/console.module';
import { ContractsCatalogModule } from './contracts-catalog/contracts-catalog.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { BulkReplaysModule } from './bulk-replays/bulk-replays.module';
import { DossiersModule } from './dossiers/dossiers.module';
import { HealthModule } from './health/health.module';
import { LedgerRepairModule } from './ledger-repair/ledger-repair.module';
import { MetricsListenerModule } from './metrics/metrics-listener.module';
import { OAuth2Module } from './oauth2/oauth2.module';
import { OpsConnectorsModule } from './ops-connectors/ops-connectors.module';
import { PartnerControlsModule } from './partner-controls/partner-controls.module';
import { DelayReportsModule } from './delay-reports/delay-reports.module';
import { PaymentsModule } from './payments/payments.module';

/** REST in: the one-stop system, payment callbacks and operators; every route behind the access guard. */
@Module({
  imports: [
    AccessModule,
    OAuth2Module,
    HealthModule,
    ContractsCatalogModule,
    DossiersModule,
    CitizensModule,
    LedgerRepairModule,
    PaymentsModule,
    DeadLettersModule,
    BulkReplaysModule,
    OpsConnectorsModule,
    PartnerControlsModule,
    DelayReportsModule,
    MetricsListenerModule,
    ConsoleModule,
  ],
  providers: [{ provide: APP_GUARD, useExisting: AccessGuard }],
})
export class GatewayFeaturesModule {}

@Module({})
export class GatewayModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        BusConfigModule.forRoot(overrides),
        ObservabilityModule,
        PersistenceModule,
        MessagingModule,
        // The payment gateways are called from the gateway itself (a citizen waits for the payment URL).
        ResilienceModule.forRoot({ metricsRegistry: MetricsRegistry }),
        GatewayFeaturesModule,
      ],
    };
  }
}
