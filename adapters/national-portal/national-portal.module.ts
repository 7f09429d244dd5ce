import { Module, OnModuleInit } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { ConnectorGuards } from '@lgsp/resilience';
import { NationalPortalClient } from './client/national-portal.client';
import { NationalPortalSyncService } from './national-portal-sync.service';
import { nationalPortalPolicy } from './national-portal.policy';

/**
 * The national portal as both its connectors use it (national-portal, portal-inbound): its client, its sync
 * service and its guard (breaker, rate limit, bulkhead).
 */
@Module({
  providers: [NationalPortalClient, NationalPortalSyncService],
  exports: [NationalPortalClient, NationalPortalSyncService],
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
