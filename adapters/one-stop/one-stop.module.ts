import { Module, OnModuleInit } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { ConnectorGuards } from '@lgsp/resilience';
import { OneStopClient } from './client/one-stop.client';
import { OneStopDeliveryController } from './one-stop-delivery.controller';
import { OneStopDeliveryService } from './one-stop-delivery.service';
import { oneStopPolicy } from './one-stop.policy';

/** The one-stop connector: its client, its delivery handlers and its guard (breaker, bulkhead). */
@Module({
  providers: [OneStopClient, OneStopDeliveryService],
  controllers: [OneStopDeliveryController],
})
export class OneStopModule implements OnModuleInit {
  constructor(
    private readonly guards: ConnectorGuards,
    private readonly config: BusConfig,
  ) {}

  // One breaker for the one-stop system, created at start (a breaker per call would leak listeners).
  onModuleInit(): void {
    this.guards.register(oneStopPolicy(this.config));
  }
}
