import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { paymentReconciliationConfig } from './payment-reconciliation.config';
import { PaymentReconciliationService } from './payment-reconciliation.service';

/**
 * Runs reconciliation every PAYMENT_RECONCILE_EVERY_MS, never two runs at once in this process. Several gateway
 * replicas may each run it: settlement is exactly-once, so the cost is only repeated questions to the gateways.
 */
@Injectable()
export class PaymentReconciliationSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PaymentReconciliation');
  private readonly everyMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reconciliation: PaymentReconciliationService,
    config: BusConfig,
  ) {
    this.everyMs = config.slice(paymentReconciliationConfig).everyMs;
  }

  onApplicationBootstrap(): void {
    if (this.everyMs === 0) return;
    this.timer = setInterval(() => this.runOnce(), this.everyMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private runOnce(): void {
    if (this.running) return;
    this.running = this.reconciliation
      .reconcilePending()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'Payment reconciliation run failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
