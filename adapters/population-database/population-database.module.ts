import { Module, OnModuleInit } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { ConnectorGuards } from '@lgsp/resilience';
import { NgspTokenClient } from './client/ngsp-token.client';
import { PopulationSoapClient } from './client/population-soap.client';
import { populationDatabasePolicy } from './population-database.policy';
import { PopulationVerificationController } from './population-verification.controller';
import { PopulationVerificationService } from './population-verification.service';

/** The population-database connector: NGSP token and SOAP clients, the verification handler and its guard. */
@Module({
  providers: [NgspTokenClient, PopulationSoapClient, PopulationVerificationService],
  controllers: [PopulationVerificationController],
})
export class PopulationDatabaseModule implements OnModuleInit {
  constructor(
    private readonly guards: ConnectorGuards,
    private readonly config: BusConfig,
  ) {}

  // One breaker for NGSP, created at start (a breaker per call would leak listeners).
  onModuleInit(): void {
    this.guards.register(populationDatabasePolicy(this.config));
  }
}
