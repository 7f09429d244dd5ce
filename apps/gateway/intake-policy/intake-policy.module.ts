import { Module } from '@nestjs/common';
import { BusClock } from './bus-clock';
import { EventTimePolicy } from './event-time.policy';

@Module({
  providers: [BusClock, EventTimePolicy],
  exports: [BusClock, EventTimePolicy],
})
export class IntakePolicyModule {}
