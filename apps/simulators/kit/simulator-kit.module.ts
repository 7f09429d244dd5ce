import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from './clock';
import { FaultControls } from './fault-controls';
import { FaultInjectionHooks } from './fault-injection.hooks';
import { FaultSettings } from './fault-settings';
import { ReceivedRequestsRecorder } from './received-requests.recorder';
import { SimulatorAdminController } from './simulator-admin.controller';
import { ResetRegistry } from './reset.registry';
import { PROTOCOL_FAULT_REPLIES, ProtocolFaultReplies, SIMULATOR_NAME } from './simulator-kit.tokens';

export interface SimulatorKitOptions {
  name: string;
  clock: Clock;
  faults?: FaultSettings;
  replies: ProtocolFaultReplies;
  recorderCapacity?: number;
  /** Source of randomness for error and malformed rates and latency samples (tests may fix it). */
  random?: () => number;
}

/**
 * The pieces every simulator shares: clock, faults, received-request recording, admin API and reset. Global,
 * because each simulator runs as its own Nest application, so there is exactly one of each per app.
 */
@Module({})
export class SimulatorKitModule {
  static register(options: SimulatorKitOptions): DynamicModule {
    return {
      module: SimulatorKitModule,
      global: true,
      controllers: [SimulatorAdminController],
      providers: [
        { provide: Clock, useValue: options.clock },
        { provide: SIMULATOR_NAME, useValue: options.name },
        { provide: PROTOCOL_FAULT_REPLIES, useValue: options.replies },
        {
          provide: FaultControls,
          useFactory: () => new FaultControls(options.clock, options.faults, options.random),
        },
        {
          provide: ReceivedRequestsRecorder,
          useFactory: () => new ReceivedRequestsRecorder(options.clock, options.recorderCapacity),
        },
        ResetRegistry,
        FaultInjectionHooks,
      ],
      exports: [
        Clock,
        SIMULATOR_NAME,
        FaultControls,
        ReceivedRequestsRecorder,
        ResetRegistry,
        FaultInjectionHooks,
      ],
    };
  }
}
