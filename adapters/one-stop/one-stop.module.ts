import { Module, OnModuleInit } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { ConnectorGuards } from '@lgsp/resilience';
import { OneStopClient } from './client/one-stop.client';
import { OneStopDeliveryService } from './one-stop-delivery.service';
import { oneStopPolicy } from './one-stop.policy';

@Module({
  providers: [OneStopClient, OneStopDeliveryService],
  exports: [OneStopClient, OneStopDeliveryService],
})
export class OneStopModule implements OnModuleInit {
  constructor(
    private readonly guards: ConnectorGuards,
    private readonly config: BusConfig,
  ) {}

  onModuleInit(): void {
    this.guards.register(oneStopPolicy(this.config));
  }
}
