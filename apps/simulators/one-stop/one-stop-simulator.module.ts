import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { FaultSettings } from '../kit/fault-settings';
import { SimulatorKitModule } from '../kit/simulator-kit.module';
import { OneStopAdminController } from './one-stop-admin.controller';
import { OneStopController } from './one-stop.controller';
import { OneStopInboxStore } from './one-stop-inbox.store';
import { ONE_STOP_OPTIONS, OneStopSimulatorOptions } from './one-stop-simulator.options';

export interface OneStopSimulatorConfig {
  clock: Clock;
  faults?: FaultSettings;
  options?: OneStopSimulatorOptions;
  random?: () => number;
}

/** The provincial one-stop system's receiving side, as one Nest application. */
@Module({})
export class OneStopSimulatorModule {
  static register(config: OneStopSimulatorConfig): DynamicModule {
    return {
      module: OneStopSimulatorModule,
      imports: [
        SimulatorKitModule.register({
          name: 'one-stop',
          clock: config.clock,
          faults: config.faults,
          random: config.random,
          replies: {
            error: () => ({
              status: 500,
              contentType: 'application/json',
              body: JSON.stringify({ error: 'INTERNAL_ERROR', message: 'The one-stop system failed' }),
            }),
          },
        }),
      ],
      controllers: [OneStopController, OneStopAdminController],
      providers: [{ provide: ONE_STOP_OPTIONS, useValue: config.options ?? {} }, OneStopInboxStore],
    };
  }
}
