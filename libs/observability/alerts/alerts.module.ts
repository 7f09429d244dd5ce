import { Global, Module } from '@nestjs/common';
import { AlertNotifier } from './alert-notifier';

/** The alert webhook client, one per process: the worker's evaluations and the gateway's payment checks use it. */
@Global()
@Module({
  providers: [AlertNotifier],
  exports: [AlertNotifier],
})
export class AlertsModule {}
