import { Module, OnModuleInit } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { ConnectorGuards } from '@lgsp/resilience';
import { NationalPortalClient } from './client/national-portal.client';
import { NationalPortalPaymentService } from './national-portal-payment.service';
import { NationalPortalSyncService } from './national-portal-sync.service';
import { PortalCallSender } from './portal-call.sender';
import { UnknownOutcomeCheck } from './unknown-outcome-check.service';
import { nationalPortalPolicy } from './national-portal.policy';

/**
 * The national portal as both its connectors use it (national-portal, portal-inbound): its client, its sync
 * and payment services and its guard (breaker, rate limit, bulkhead).
 */
@Module({
  providers: [
    NationalPortalClient,
    NationalPortalSyncService,
    NationalPortalPaymentService,
    UnknownOutcomeCheck,
    PortalCallSender,
  ],
  exports: [NationalPortalClient, NationalPortalSyncService, NationalPortalPaymentService],
})
export class NationalPortalModule implements OnModuleInit {
  constructor(
    private readonly guards: ConnectorGuards,
    private readonly config: BusConfig,
  ) {}

  // One breaker for the portal, created at start (a breaker per call would leak listeners).
  onModuleInit(): void {
    this.guards.register(nationalPortalPolicy(this.config));
  }
}
