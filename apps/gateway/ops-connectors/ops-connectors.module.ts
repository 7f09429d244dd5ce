import { Module } from '@nestjs/common';
import { IntakePolicyModule } from '../intake-policy/intake-policy.module';
import { ConnectorBacklogs } from './connector-backlog.service';
import { ConnectorStateReader } from './connector-state.reader';
import { OpsConnectorsController } from './ops-connectors.controller';
import { OpsConnectors } from './ops-connectors.service';

/** GET /v1/ops/connectors: the workers' published connector state, merged, with the gateway's backlog readings. */
@Module({
  // For the bus's clock (BusClock), which the backlog's arrival times read.
  imports: [IntakePolicyModule],
  controllers: [OpsConnectorsController],
  providers: [ConnectorStateReader, ConnectorBacklogs, OpsConnectors],
})
export class OpsConnectorsModule {}
