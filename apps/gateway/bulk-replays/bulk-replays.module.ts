import { Module } from '@nestjs/common';
import { OperatorsModule } from '../operators/operators.module';
import { BulkReplayRunner } from './bulk-replay.runner';
import { BulkReplays } from './bulk-replay.service';
import { BulkReplaysController } from './bulk-replays.controller';

/** Bulk replays of dead letters at the partner's pace: the operators' API and the runner that sends them. */
@Module({
  imports: [OperatorsModule],
  controllers: [BulkReplaysController],
  providers: [BulkReplays, BulkReplayRunner],
})
export class BulkReplaysModule {}
