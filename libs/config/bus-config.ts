import { EnvironmentVariables } from './environment.schema';

export type LogFormat = 'json' | 'pretty';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  lingerMs: number;
  batchMaxMessages: number;
  compression: 'gzip' | 'none';
  topicPartitions: number;
  topicRetentionMs: number;
  retryDelaysMs: number[];
  sessionTimeoutMs: number;
  handlerTimeoutMs: number;
  partitionsConcurrency: number;
  maxWaitMs: number;
}

/**
 * The typed configuration every module receives. It is a class so that it can be injected directly
 * (`constructor(private readonly config: BusConfig)`), with no string tokens to misspell.
 */
export class BusConfig {
  readonly environment: EnvironmentVariables['NODE_ENV'];
  readonly http: { port: number };
  readonly log: { level: string; format: LogFormat };
  readonly kafka: KafkaSettings;
  readonly database: { url: string; schema: string; poolSize: number; runMigrations: boolean };

  constructor(env: EnvironmentVariables) {
    this.environment = env.NODE_ENV;
    this.http = { port: env.PORT };
    const format = env.LOG_FORMAT === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : env.LOG_FORMAT;
    this.log = { level: env.LOG_LEVEL, format: env.NODE_ENV === 'production' ? 'json' : format };
    this.kafka = {
      brokers: env.KAFKA_BROKERS.split(','),
      clientId: env.KAFKA_CLIENT_ID,
      topicPrefix: env.TOPIC_PREFIX,
      lingerMs: env.KAFKA_LINGER_MS,
      batchMaxMessages: env.KAFKA_BATCH_MAX_MESSAGES,
      compression: env.KAFKA_COMPRESSION,
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      topicRetentionMs: env.KAFKA_TOPIC_RETENTION_HOURS * 3_600_000,
      retryDelaysMs: env.KAFKA_RETRY_DELAYS_MS.split(',').map(Number),
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      handlerTimeoutMs: env.KAFKA_HANDLER_TIMEOUT_MS,
      partitionsConcurrency: env.KAFKA_PARTITIONS_CONCURRENCY,
      maxWaitMs: env.KAFKA_MAX_WAIT_MS,
    };
    this.database = {
      url: env.DATABASE_URL,
      schema: env.DATABASE_SCHEMA,
      poolSize: env.DATABASE_POOL_SIZE,
      runMigrations: env.RUN_MIGRATIONS === 'true',
    };
  }
}
