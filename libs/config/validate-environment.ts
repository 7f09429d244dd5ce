import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { BusConfig } from './bus-config';
import { EnvironmentVariables } from './environment.schema';
import { productionProblems } from './production-rules';
import { securityProblems } from './security-environment';

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const describe = (error: ValidationError): string[] =>
  Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message : `${error.property}: ${message}`,
  );

/**
 * Rules between variables. A handler that can outlast the consumer session makes the broker think the consumer
 * died: its partitions move to another member mid-message, which then processes the same messages again.
 */
function crossFieldProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (env.KAFKA_HANDLER_TIMEOUT_MS * 3 > env.KAFKA_SESSION_TIMEOUT_MS) {
    problems.push('KAFKA_HANDLER_TIMEOUT_MS must be at most a third of KAFKA_SESSION_TIMEOUT_MS');
  }
  // A portal call can take a login and two attempts (the second after a re-login), all within one handler.
  if (env.NATIONAL_PORTAL_TIMEOUT_MS * 3 > env.KAFKA_HANDLER_TIMEOUT_MS) {
    problems.push('NATIONAL_PORTAL_TIMEOUT_MS must be at most a third of KAFKA_HANDLER_TIMEOUT_MS');
  }
  // A processed-message id deleted while its message can still be redelivered would let it apply twice: the
  // message may come back from its topic (offsets reset within the topic's retention) after every retry hop.
  const retryHours = Math.ceil(
    env.KAFKA_RETRY_DELAYS_MS.split(',').reduce((sum, delay) => sum + Number(delay), 0) / 3_600_000,
  );
  if (env.RETENTION_PROCESSED_MESSAGE_HOURS < env.KAFKA_TOPIC_RETENTION_HOURS + retryHours) {
    problems.push(
      `RETENTION_PROCESSED_MESSAGE_HOURS must be at least KAFKA_TOPIC_RETENTION_HOURS plus the retry delays (${env.KAFKA_TOPIC_RETENTION_HOURS + retryHours} h)`,
    );
  }
  if (env.ONE_STOP_TIMEOUT_MS > env.KAFKA_HANDLER_TIMEOUT_MS) {
    problems.push('ONE_STOP_TIMEOUT_MS must not exceed KAFKA_HANDLER_TIMEOUT_MS');
  }
  // A handler's transaction idles while it waits on its partner; other handlers may wait that long for its locks.
  if (env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS <= env.KAFKA_HANDLER_TIMEOUT_MS) {
    problems.push('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS must exceed KAFKA_HANDLER_TIMEOUT_MS');
  }
  if (env.DATABASE_LOCK_TIMEOUT_MS < env.KAFKA_HANDLER_TIMEOUT_MS) {
    problems.push('DATABASE_LOCK_TIMEOUT_MS must be at least KAFKA_HANDLER_TIMEOUT_MS');
  }
  if (env.DATABASE_STATEMENT_TIMEOUT_MS < env.DATABASE_LOCK_TIMEOUT_MS) {
    problems.push('DATABASE_STATEMENT_TIMEOUT_MS must be at least DATABASE_LOCK_TIMEOUT_MS');
  }
  return problems;
}

/** Fails fast, naming each bad variable; values are never echoed because they may be secrets. */
export function validateEnvironment(raw: Record<string, unknown>): BusConfig {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = [
    ...errors.flatMap(describe),
    ...crossFieldProblems(env),
    ...securityProblems(env),
    ...productionProblems(raw, env),
  ];
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  return new BusConfig(env);
}
