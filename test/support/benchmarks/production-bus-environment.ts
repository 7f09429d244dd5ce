import { SIMULATOR_CA_FILE } from '../../../apps/simulators/kit/simulator-tls';

export interface BusUnderBenchmark {
  brokers: string;
  databaseUrl: string;
  topicPrefix: string;
  schema: string;
  gatewayPort: number;
  portalUrl: string;
  portalPassword: string;
}

/**
 * What every benchmark's gateway and worker run with: the production configuration (authentication, audit and
 * outbox on, every secret production requires; tracing only if the caller's environment exports it), against the simulators over TLS. Each benchmark
 * adds its connectors and tuning.
 */
export function productionBusEnvironment(bus: BusUnderBenchmark): Record<string, string> {
  return {
    KAFKA_BROKERS: bus.brokers,
    DATABASE_URL: bus.databaseUrl,
    TOPIC_PREFIX: bus.topicPrefix,
    DATABASE_SCHEMA: bus.schema,
    PORT: String(bus.gatewayPort),
    WORKER_PORT: '0',
    NATIONAL_PORTAL_URL: bus.portalUrl,
    NATIONAL_PORTAL_CA_FILE: SIMULATOR_CA_FILE,
    NATIONAL_PORTAL_PASSWORD: bus.portalPassword,
    // The simulator's province, agency and account (production has no defaults for them).
    NATIONAL_PORTAL_DSTCODE: 'H56',
    NATIONAL_PORTAL_AGENCY_CODE: 'H56',
    NATIONAL_PORTAL_USERNAME: 'lgsp',
    DOCUMENT_HOSTS: '*.example.gov.vn',
    AUTH_KEY_ENCRYPTION_SECRET: 'benchmark-key-encryption-secret-not-for-production',
    CITIZEN_ID_HASH_KEY: 'benchmark-citizen-id-hash-key-not-for-production',
    // One token fetched at the start serves the whole run.
    AUTH_TOKEN_TTL_SECONDS: '3600',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '40',
  };
}
