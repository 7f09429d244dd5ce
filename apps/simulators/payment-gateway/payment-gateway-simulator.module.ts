import { DynamicModule, Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { FaultSettings } from '../kit/fault-settings';
import { SimulatorKitModule } from '../kit/simulator-kit.module';
import { CallbackDispatcher } from './callback-dispatcher';
import { PayActionService } from './pay-action.service';
import { PaygovCode, PaygovController } from './paygov.controller';
import { PaymentAdminController } from './payment-admin.controller';
import {
  DEFAULT_PAYMENT_OPTIONS,
  PAYMENT_OPTIONS,
  PaymentSimulatorOptions,
} from './payment-simulator.options';
import { PaymentTransactionStore } from './payment-transaction.store';
import { VnpayController } from './vnpay.controller';

export interface PaymentGatewaySimulatorConfig {
  clock: Clock;
  faults?: FaultSettings;
  paygov?: Partial<PaymentSimulatorOptions['paygov']>;
  vnpay?: Partial<PaymentSimulatorOptions['vnpay']>;
  callbackTimeoutMs?: number;
  random?: () => number;
}

/** PayGov-style and VNPay-style gateways, as one Nest application. */
@Module({})
export class PaymentGatewaySimulatorModule implements OnModuleDestroy {
  constructor(@Inject(CallbackDispatcher) private readonly dispatcher: CallbackDispatcher) {}

  static register(config: PaymentGatewaySimulatorConfig): DynamicModule {
    const options: PaymentSimulatorOptions = {
      paygov: { ...DEFAULT_PAYMENT_OPTIONS.paygov, ...config.paygov },
      vnpay: { ...DEFAULT_PAYMENT_OPTIONS.vnpay, ...config.vnpay },
      callbackTimeoutMs: config.callbackTimeoutMs ?? DEFAULT_PAYMENT_OPTIONS.callbackTimeoutMs,
    };
    return {
      module: PaymentGatewaySimulatorModule,
      imports: [
        SimulatorKitModule.register({
          name: 'payment-gateway',
          clock: config.clock,
          faults: config.faults,
          random: config.random,
          replies: {
            error: () => ({
              status: 200,
              contentType: 'application/json',
              body: JSON.stringify({ error_code: PaygovCode.SYSTEM_ERROR, message: 'System error' }),
            }),
          },
        }),
      ],
      controllers: [PaygovController, VnpayController, PaymentAdminController],
      providers: [
        { provide: PAYMENT_OPTIONS, useValue: options },
        PaymentTransactionStore,
        CallbackDispatcher,
        PayActionService,
      ],
    };
  }

  // Late callbacks still waiting must not fire after the simulator stopped.
  onModuleDestroy(): void {
    this.dispatcher.dispose();
  }
}
