import { Module } from '@nestjs/common';
import { KafkaClient } from '@lgsp/messaging';
import { HealthIndicatorsModule } from '@lgsp/observability';
import { DatabaseService } from '@lgsp/persistence';
import { HealthController } from './health.controller';

@Module({
  imports: [HealthIndicatorsModule.forRoot({ database: DatabaseService, kafka: KafkaClient })],
  controllers: [HealthController],
})
export class HealthModule {}
