import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SecurityEnvironmentVariables, emptyAsUndefined } from './security-environment';

/**
 * Every variable of the bus itself, with its default; each connector's variables are in its adapter's
 * configuration slice. Validated once at boot; the error names the variable and never echoes its value, because
 * values include credentials.
 */
export class EnvironmentVariables extends SecurityEnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** The worker's operator endpoints (/v1/ops/connectors, /metrics, /health/live). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT = 3001;

  /** The gateway's metrics listener (/metrics), on METRICS_HOST, apart from its public PORT. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  GATEWAY_METRICS_PORT = 3002;

  /**
   * How far an event time may be ahead of the bus's clock (a caller whose clock runs a little fast). A time
   * further ahead is refused: accepted, it would make every later, correct event of its dossier stale.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  INTAKE_MAX_CLOCK_SKEW_MS = 300_000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** `pretty` for people at a terminal, `json` for log shippers; `auto` picks by whether stdout is a TTY. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  /**
   * A file the apps append their log lines to (JSON, one per line) instead of stdout, for hosts that collect
   * files, and for the test run's log scan. Unset: stdout.
   */
  @IsOptional()
  @Transform(emptyAsUndefined)
  @IsString()
  LOG_FILE?: string;

  @Transform(emptyAsUndefined)
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS!: string;

  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]*$/, {
    message: 'KAFKA_CLIENT_ID must be lower-case letters, digits, dots or dashes',
  })
  KAFKA_CLIENT_ID = 'lgsp-bus';

  /** Prefixes every topic and consumer group, so deployments (and test runs) sharing a broker stay apart. */
  @Matches(/^[a-z0-9][a-z0-9.-]*$/, {
    message: 'TOPIC_PREFIX must be lower-case letters, digits, dots or dashes',
  })
  TOPIC_PREFIX = 'lgsp';

  /** The producer waits this long for more messages before sending a batch (kafkajs has no linger). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  KAFKA_LINGER_MS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  KAFKA_BATCH_MAX_MESSAGES = 1000;

  @IsIn(['gzip', 'none'])
  KAFKA_COMPRESSION: 'gzip' | 'none' = 'gzip';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 6;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  KAFKA_TOPIC_RETENTION_HOURS = 168;

  /** Delay before each retry hop; one retry topic per entry. */
  @Matches(/^\d+(,\d+)*$/, {
    message: 'KAFKA_RETRY_DELAYS_MS must be a comma-separated list of milliseconds',
  })
  KAFKA_RETRY_DELAYS_MS = '5000,60000,600000';

  /** Tries in place, with the partition held, before a partner failure moves to the retry topics. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(20)
  KAFKA_IN_PLACE_RETRIES = 5;

  @Type(() => Number)
  @IsInt()
  @Min(6000)
  @Max(300000)
  KAFKA_SESSION_TIMEOUT_MS = 30000;

  /** Longest time one message may take in a handler, external calls included. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  KAFKA_HANDLER_TIMEOUT_MS = 10000;

  /** Partitions processed at once by one consumer; order within a partition is always kept. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  KAFKA_PARTITIONS_CONCURRENCY = 6;

  /** How long the broker may hold a fetch open waiting for data; kafkajs' 5 s default shows as latency. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(5000)
  KAFKA_MAX_WAIT_MS = 100;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'lgsp';

  /**
   * Connections per process. Every partition a consumer processes at once holds one for its handler's
   * transaction, so a process with consumers needs at least KAFKA_PARTITIONS_CONCURRENCY × its consumers + 2
   * (checked when the consumers start). Connections open only when needed.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  /** Longest wait for a free connection; past it the work fails (and is retried) instead of hanging. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  DATABASE_POOL_WAIT_MS = 5000;

  /**
   * The database ends a session that sits idle inside a transaction this long, releasing its locks: an outbox
   * relay (or handler) whose host froze or vanished mid-transaction must not hold the relay lock or a dossier's
   * rows forever. Must exceed KAFKA_HANDLER_TIMEOUT_MS, since a handler's transaction idles during partner calls.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000;

  /**
   * Longest wait for a lock (a dossier's ledger or delivery rows, an advisory lock). At least
   * KAFKA_HANDLER_TIMEOUT_MS: the holder may be a handler waiting on its partner that long.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_LOCK_TIMEOUT_MS = 15000;

  /** Longest run of one statement; at least DATABASE_LOCK_TIMEOUT_MS, since a lock wait happens inside one. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 30000;

  @IsOptional()
  @IsIn(['true', 'false'])
  RUN_MIGRATIONS: 'true' | 'false' = 'true';
}
