export { CachedProbe } from './cached-probe';
export { DatabaseHealthIndicator } from './database.health';
export { HealthIndicatorsModule, type HealthTargets } from './health-indicators.module';
export type { KafkaAdminSource, QueryableDatabase } from './health-targets';
export { KafkaHealthIndicator } from './kafka.health';
