import type { Admin } from 'kafkajs';

/**
 * What the health indicators probe, as the little they need of it. The app hands in its own database service and
 * Kafka client (HealthIndicatorsModule.forRoot), so this lib depends on neither persistence nor messaging (both
 * depend on it).
 */
export interface QueryableDatabase {
  query(sql: string): Promise<unknown>;
}

export interface KafkaAdminSource {
  admin(): Admin;
}

export const HEALTH_DATABASE = Symbol('HEALTH_DATABASE');
export const HEALTH_KAFKA = Symbol('HEALTH_KAFKA');
