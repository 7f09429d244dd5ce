import { Test, TestingModule } from '@nestjs/testing';
import {
  NATIONAL_PORTAL,
  NationalPortalModule,
  NationalPortalPaymentService,
  NationalPortalSyncService,
} from '@lgsp/adapters/national-portal';
import { BusConfigModule } from '@lgsp/config';
import { MetricsRegistry, ObservabilityModule } from '@lgsp/observability';
import { DatabaseService, PersistenceModule } from '@lgsp/persistence';
import { ConnectorGuard, ConnectorGuards, ResilienceModule } from '@lgsp/resilience';

/** The national portal's handlers on their own, against the real database and a portal; no broker in between. */
export interface PortalHandlers {
  app: TestingModule;
  db: DatabaseService;
  sync: NationalPortalSyncService;
  payments: NationalPortalPaymentService;
  guard: ConnectorGuard;
}

/** Builds them with the bus's configuration plus `overrides` (a test environment's, the portal's address). */
export async function startPortalHandlers(overrides: Record<string, string>): Promise<PortalHandlers> {
  const app = await Test.createTestingModule({
    imports: [
      BusConfigModule.forRoot(overrides),
      ObservabilityModule,
      PersistenceModule,
      ResilienceModule.forRoot({ metricsRegistry: MetricsRegistry }),
      NationalPortalModule,
    ],
  }).compile();
  await app.init();
  return {
    app,
    db: app.get(DatabaseService),
    sync: app.get(NationalPortalSyncService),
    payments: app.get(NationalPortalPaymentService),
    guard: app.get(ConnectorGuards).get(NATIONAL_PORTAL),
  };
}
