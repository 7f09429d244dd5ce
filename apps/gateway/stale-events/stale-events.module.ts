import { Module } from '@nestjs/common';
import { StaleEventRecorder } from './stale-event.recorder';
import { StaleEventRepository } from './stale-event.repository';
import { StaleEventsController } from './stale-events.controller';

@Module({
  controllers: [StaleEventsController],
  providers: [StaleEventRepository, StaleEventRecorder],
  exports: [StaleEventRecorder],
})
export class StaleEventsModule {}
