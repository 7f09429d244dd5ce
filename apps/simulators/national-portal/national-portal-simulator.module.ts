import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { FaultSettings } from '../kit/fault-settings';
import { SimulatorKitModule } from '../kit/simulator-kit.module';
import { FiledDossierFeed } from './filed-dossier.feed';
import { nationalPortalController } from './national-portal.controller';
import { PortalAdminController } from './portal-admin.controller';
import { PortalDossierStore } from './portal-dossier.store';
import { PortalErrorCode, portalError } from './portal-error-codes';
import { PortalServices } from './portal-services';
import { PortalSessionStore } from './portal-session.store';
import {
  DEFAULT_PORTAL_OPTIONS,
  NationalPortalSimulatorOptions,
  PORTAL_OPTIONS,
} from './portal-simulator.options';

export interface NationalPortalSimulatorConfig {
  clock: Clock;
  faults?: FaultSettings;
  options?: Partial<NationalPortalSimulatorOptions>;
  random?: () => number;
}

/** The national public service portal (DVCQG), as one Nest application. */
@Module({})
export class NationalPortalSimulatorModule {
  static register(config: NationalPortalSimulatorConfig): DynamicModule {
    const options: NationalPortalSimulatorOptions = { ...DEFAULT_PORTAL_OPTIONS, ...config.options };
    return {
      module: NationalPortalSimulatorModule,
      imports: [
        SimulatorKitModule.register({
          name: 'national-portal',
          clock: config.clock,
          faults: config.faults,
          random: config.random,
          replies: {
            error: () => ({
              status: 200,
              contentType: 'application/json',
              body: JSON.stringify(
                portalError(PortalErrorCode.INTERNAL_ERROR, 'Lỗi hệ thống, vui lòng thử lại'),
              ),
            }),
          },
        }),
      ],
      controllers: [nationalPortalController(options), PortalAdminController],
      providers: [
        { provide: PORTAL_OPTIONS, useValue: options },
        PortalSessionStore,
        PortalDossierStore,
        FiledDossierFeed,
        PortalServices,
      ],
    };
  }
}
