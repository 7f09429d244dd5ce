import { DynamicModule, Module } from '@nestjs/common';
import { BusConfigModule } from '@lgsp/config';
import { MessagingModule } from '@lgsp/messaging';
import { ObservabilityModule } from '@lgsp/observability';
import { PersistenceModule } from '@lgsp/persistence';
import { ContractsCatalogModule } from './contracts-catalog/contracts-catalog.module';
import { DossiersModule } from './dossiers/dossiers.module';
import { HealthModule } from './health/health.module';
import { LedgerRepairModule } from './ledger-repair/ledger-repair.module';
import { MetricsListenerModule } from './metrics/metrics-listener.module';

/** REST in: the one-stop system, payment callbacks and operators. */
@Module({
  imports: [HealthModule, ContractsCatalogModule, DossiersModule, LedgerRepairModule, MetricsListenerModule],
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
        GatewayFeaturesModule,
      ],
    };
  }
}
