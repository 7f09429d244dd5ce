import { checkPoolForConsumers } from './pool-sizing.rule';
import { InvalidConfigurationError } from './configuration-problems';
import { validateEnvironment } from './validate-environment';

describe('checkPoolForConsumers', () => {
  const config = (env: Record<string, string>) =>
    validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092', ...env });

  it('accepts the defaults for the worker with its three consumers', () => {
    expect(() => checkPoolForConsumers(config({}), 3)).not.toThrow();
  });

  it('refuses a pool smaller than the partitions in progress, naming the variables and the numbers', () => {
    const problem = (): void =>
      checkPoolForConsumers(config({ DATABASE_POOL_SIZE: '10', KAFKA_PARTITIONS_CONCURRENCY: '16' }), 1);
    expect(problem).toThrow(InvalidConfigurationError);
    expect(problem).toThrow(
      /DATABASE_POOL_SIZE \(10\) must be at least KAFKA_PARTITIONS_CONCURRENCY \(16\) × 1 consumers \+ 2 = 18/,
    );
  });

  it('asks nothing of a process without consumers', () => {
    expect(() => checkPoolForConsumers(config({ DATABASE_POOL_SIZE: '1' }), 0)).not.toThrow();
  });
});
