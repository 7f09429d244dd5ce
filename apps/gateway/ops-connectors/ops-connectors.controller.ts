import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequiresScope, Scope } from '@lgsp/security';
import { ConnectorsView } from './connectors.view';
import { OpsConnectors } from './ops-connectors.service';

/** The cluster's connectors for operators and the console: every worker's view, merged, with the backlog. */
@ApiTags('operations')
@Controller('v1/ops/connectors')
export class OpsConnectorsController {
  constructor(private readonly connectors: OpsConnectors) {}

  @Get()
  @RequiresScope(Scope.OpsRead)
  @ApiOperation({
    summary: 'Each connector across the workers: breaker, calls, latency, backlog, dead letters, outbox age',
    description:
      'State is the worst across the replicas running the connector; health is degraded when the breaker is ' +
      'not closed and backlogged when its consumer lag keeps growing while closed. Workers report every ' +
      'second; a replica silent for five seconds is listed as stale and left out of the state (all stale: ' +
      'health unreported), and dropped after fifteen minutes. backlog.oldestWaitingSeconds is how long the ' +
      'oldest unconsumed message has waited. Field by field: docs/operations.md.',
  })
  @ApiOkResponse({ description: '{ generatedAt, connectors: [...] }, connectors sorted by name' })
  list(): Promise<ConnectorsView> {
    return this.connectors.view();
  }
}
