import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import {
  HEALTH_DATABASE,
  HEALTH_KAFKA,
  type KafkaAdminSource,
  type QueryableDatabase,
} from './health-targets';
import { KafkaHealthIndicator } from './kafka.health';

export interface HealthTargets {
  /** The app's database service (a provider of the app, resolved by class). */
  database: Type<QueryableDatabase>;
  /** The app's Kafka client. */
  kafka: Type<KafkaAdminSource>;
}

/** The database and broker indicators, and Terminus, for an app's health controller. */
@Module({})
export class HealthIndicatorsModule {
  static forRoot(targets: HealthTargets): DynamicModule {
    return {
      module: HealthIndicatorsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        { provide: HEALTH_DATABASE, useExisting: targets.database },
        { provide: HEALTH_KAFKA, useExisting: targets.kafka },
        DatabaseHealthIndicator,
        KafkaHealthIndicator,
      ],
      exports: [TerminusModule, DatabaseHealthIndicator, KafkaHealthIndicator],
    };
  }
}
