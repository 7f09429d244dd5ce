import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { FaultSettings } from '../kit/fault-settings';
import { SimulatorKitModule } from '../kit/simulator-kit.module';
import { NgspTokenController } from './ngsp-token.controller';
import { NgspTokenStore } from './ngsp-token.store';
import { PopulationAdminController } from './population-admin.controller';
import { PopulationRegistry } from './population.registry';
import { populationSoapController } from './population-soap.controller';
import { ServiceTimings } from './service-timings';
import { buildSoapFault, SoapFaultError } from './population-soap.codec';
import {
  DEFAULT_POPULATION_OPTIONS,
  POPULATION_OPTIONS,
  PopulationSimulatorOptions,
} from './population-simulator.options';

export interface PopulationDatabaseSimulatorConfig {
  clock: Clock;
  faults?: FaultSettings;
  options?: Partial<PopulationSimulatorOptions>;
  random?: () => number;
}

/** NGSP (token endpoint) and the population database (SOAP), as one Nest application. */
@Module({})
export class PopulationDatabaseSimulatorModule {
  static register(config: PopulationDatabaseSimulatorConfig): DynamicModule {
    const options: PopulationSimulatorOptions = { ...DEFAULT_POPULATION_OPTIONS, ...config.options };
    return {
      module: PopulationDatabaseSimulatorModule,
      imports: [
        SimulatorKitModule.register({
          name: 'population-database',
          clock: config.clock,
          faults: config.faults,
          random: config.random,
          replies: {
            error: () => ({
              status: 500,
              contentType: 'text/xml; charset=utf-8',
              body: buildSoapFault(
                new SoapFaultError('Server', 'Service temporarily failed', 'INTERNAL_ERROR'),
              ),
            }),
          },
        }),
      ],
      controllers: [NgspTokenController, populationSoapController(options), PopulationAdminController],
      providers: [
        { provide: POPULATION_OPTIONS, useValue: options },
        NgspTokenStore,
        PopulationRegistry,
        ServiceTimings,
      ],
    };
  }
}
