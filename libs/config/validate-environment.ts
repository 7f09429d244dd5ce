import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BusConfig } from './bus-config';
import { ConfigSlice, readSlice } from './config-slice';
import { InvalidConfigurationError, describeProblem } from './configuration-problems';
import { EnvironmentVariables } from './environment.schema';
import { BUS_PRODUCTION_RULES, productionProblems } from './production-rules';
import { securityProblems } from './security-environment';

/**
 * Rules between variables. A handler that can outlast the consumer session makes the broker think the consumer
 * died: its partitions move to another member mid-message, which then processes the same messages again.
 */
function crossFieldProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (env.KAFKA_HANDLER_TIMEOUT_MS * 3 > env.KAFKA_SESSION_TIMEOUT_MS) {
    problems.push('KAFKA_HANDLER_TIMEOUT_MS must be at most a third of KAFKA_SESSION_TIMEOUT_MS');
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

/**
 * Fails fast, naming every bad variable at once: the bus's own and those of the configuration slices given (the
 * connectors this process runs). Values are never echoed because they may be secrets. A slice not given here is
 * validated when an adapter first reads it (`config.slice(...)`).
 */
export function validateEnvironment(
  raw: Readonly<Record<string, unknown>>,
  slices: readonly ConfigSlice[] = [],
): BusConfig {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = [
    ...errors.flatMap(describeProblem),
    ...crossFieldProblems(env),
    ...securityProblems(env),
    ...productionProblems(raw, env, BUS_PRODUCTION_RULES),
  ];
  const settings = new Map<ConfigSlice, unknown>();
  for (const slice of new Set(slices)) {
    const reading = readSlice(slice, raw, env);
    if ('settings' in reading) settings.set(slice, reading.settings);
    else problems.push(...reading.problems);
  }
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  return new BusConfig(env, raw, settings);
}
