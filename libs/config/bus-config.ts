import { ConfigSlice, readSlice } from './config-slice';
import { InvalidConfigurationError } from './configuration-problems';
import { EnvironmentVariables } from './environment.schema';
import { DEVELOPMENT_KEY_ENCRYPTION_SECRET } from './access-environment';
import { DEVELOPMENT_DOCUMENT_HOSTS, listOf } from './security-environment';

export type LogFormat = 'json' | 'pretty';

const HOUR_MS = 3_600_000;

/** How long rows that grow per request, message or event are kept (milliseconds), and how they are deleted. */
export interface RetentionSettings {
  intervalMs: number;
  batchSize: number;
  idempotencyKeyMs: number;
  outboxSentMs: number;
  processedMessageMs: number;
  dossierTraceMs: number;
}

/** Tokens the bus issues and accepts, and how much each client may call it. */
export interface AccessSettings {
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
  /** Encrypts the signing keys at rest; the published development value outside production. */
  keyEncryptionSecret: string;
  /** A client's requests per minute when its own record names no limit. */
  defaultRateLimitPerMinute: number;
  requestTimeoutMs: number;
  /** Requests handled at once before new ones are answered 503 busy. */
  maxInFlight: number;
}

/** TLS and SASL/SCRAM to the brokers (see libs/security's kafkaSecurityOptions). */
export interface KafkaSecurity {
  ssl: { enabled: boolean; caFile?: string; certFile?: string; keyFile?: string };
  sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export interface KafkaSettings {
  brokers: string[];
  security: KafkaSecurity;
  clientId: string;
  topicPrefix: string;
  lingerMs: number;
  batchMaxMessages: number;
  compression: 'gzip' | 'none';
  topicPartitions: number;
  topicRetentionMs: number;
  retryDelaysMs: number[];
  inPlaceRetries: number;
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
  /** apiDocsEnabled: Swagger UI at /docs; metricsHost: where operator and metrics listeners bind. */
  readonly http: {
    port: number;
    workerPort: number;
    metricsPort: number;
    apiDocsEnabled: boolean;
    metricsHost: string;
  };
  /**
   * Intake policy: how far ahead of the bus's clock an event time may be; which hosts document links may point
   * at (empty only when production forgot them, which production rules refuse).
   */
  readonly intake: { maxClockSkewMs: number; documentHosts: string[] };
  readonly access: AccessSettings;
  /** file: where lines are appended as JSON instead of stdout (format then does not apply). */
  readonly log: { level: string; format: LogFormat; file?: string };
  readonly retention: RetentionSettings;
  readonly kafka: KafkaSettings;
  readonly database: {
    url: string;
    schema: string;
    poolSize: number;
    poolWaitMs: number;
    idleInTransactionTimeoutMs: number;
    lockTimeoutMs: number;
    statementTimeoutMs: number;
    runMigrations: boolean;
  };

  /**
   * @param raw the environment as given, which connector slices are read from.
   * @param slices settings of the slices validated at boot, with the bus's own variables.
   */
  constructor(
    private readonly env: EnvironmentVariables,
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly slices = new Map<ConfigSlice, unknown>(),
  ) {
    this.environment = env.NODE_ENV;
    const production = env.NODE_ENV === 'production';
    this.http = {
      port: env.PORT,
      workerPort: env.WORKER_PORT,
      metricsPort: env.GATEWAY_METRICS_PORT,
      apiDocsEnabled: env.API_DOCS_ENABLED === undefined ? !production : env.API_DOCS_ENABLED === 'true',
      metricsHost: env.METRICS_HOST ?? (production ? '127.0.0.1' : '0.0.0.0'),
    };
    this.intake = {
      maxClockSkewMs: env.INTAKE_MAX_CLOCK_SKEW_MS,
      documentHosts:
        env.DOCUMENT_HOSTS !== undefined
          ? listOf(env.DOCUMENT_HOSTS)
          : production
            ? []
            : DEVELOPMENT_DOCUMENT_HOSTS,
    };
    this.access = {
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      tokenTtlSeconds: env.AUTH_TOKEN_TTL_SECONDS,
      keyEncryptionSecret: env.AUTH_KEY_ENCRYPTION_SECRET ?? DEVELOPMENT_KEY_ENCRYPTION_SECRET,
      defaultRateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      maxInFlight: env.HTTP_MAX_IN_FLIGHT,
    };
    this.retention = {
      intervalMs: env.RETENTION_INTERVAL_MS,
      batchSize: env.RETENTION_BATCH_SIZE,
      idempotencyKeyMs: env.RETENTION_IDEMPOTENCY_KEY_HOURS * HOUR_MS,
      outboxSentMs: env.RETENTION_OUTBOX_SENT_HOURS * HOUR_MS,
      processedMessageMs: env.RETENTION_PROCESSED_MESSAGE_HOURS * HOUR_MS,
      dossierTraceMs: env.RETENTION_DOSSIER_TRACE_DAYS * 24 * HOUR_MS,
    };
    const format = env.LOG_FORMAT === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : env.LOG_FORMAT;
    this.log = {
      level: env.LOG_LEVEL,
      format: env.NODE_ENV === 'production' || env.LOG_FILE !== undefined ? 'json' : format,
      file: env.LOG_FILE,
    };
    this.kafka = {
      brokers: env.KAFKA_BROKERS.split(','),
      security: {
        ssl: {
          enabled: env.KAFKA_SSL === 'true',
          caFile: env.KAFKA_SSL_CA_FILE,
          certFile: env.KAFKA_SSL_CERT_FILE,
          keyFile: env.KAFKA_SSL_KEY_FILE,
        },
        sasl:
          env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && env.KAFKA_SASL_PASSWORD
            ? {
                mechanism: env.KAFKA_SASL_MECHANISM,
                username: env.KAFKA_SASL_USERNAME,
                password: env.KAFKA_SASL_PASSWORD,
              }
            : undefined,
      },
      clientId: env.KAFKA_CLIENT_ID,
      topicPrefix: env.TOPIC_PREFIX,
      lingerMs: env.KAFKA_LINGER_MS,
      batchMaxMessages: env.KAFKA_BATCH_MAX_MESSAGES,
      compression: env.KAFKA_COMPRESSION,
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      topicRetentionMs: env.KAFKA_TOPIC_RETENTION_HOURS * 3_600_000,
      retryDelaysMs: env.KAFKA_RETRY_DELAYS_MS.split(',').map(Number),
      inPlaceRetries: env.KAFKA_IN_PLACE_RETRIES,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      handlerTimeoutMs: env.KAFKA_HANDLER_TIMEOUT_MS,
      partitionsConcurrency: env.KAFKA_PARTITIONS_CONCURRENCY,
      maxWaitMs: env.KAFKA_MAX_WAIT_MS,
    };
    this.database = {
      url: env.DATABASE_URL,
      schema: env.DATABASE_SCHEMA,
      poolSize: env.DATABASE_POOL_SIZE,
      poolWaitMs: env.DATABASE_POOL_WAIT_MS,
      idleInTransactionTimeoutMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      runMigrations: env.RUN_MIGRATIONS === 'true',
    };
  }

  /**
   * A connector's settings from its configuration slice: validated at boot with the bus's variables when the
   * process runs that connector, otherwise here on first use (throwing InvalidConfigurationError).
   */
  slice<TSettings>(slice: ConfigSlice<object, TSettings>): TSettings {
    if (!this.slices.has(slice)) {
      const reading = readSlice(slice, this.raw, this.env);
      if (!('settings' in reading)) throw new InvalidConfigurationError(reading.problems);
      this.slices.set(slice, reading.settings);
    }
    return this.slices.get(slice) as TSettings;
  }
}
