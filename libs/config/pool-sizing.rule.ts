import { BusConfig } from './bus-config';
import { InvalidConfigurationError } from './configuration-problems';

/**
 * Connections beside the handlers': failure notes and dead letters written after a handler's transaction ended
 * (or while a timed-out one winds down), health checks, an outbox relay or a poller.
 */
export const POOL_HEADROOM = 2;

/**
 * Each partition a consumer processes at once holds one connection for its handler's transaction. With fewer
 * connections than that, handlers wait for one, time out and go to retry topics, which reorders a dossier's
 * events. Checked once the process knows how many consumers it runs (the environment does not say).
 */
export function checkPoolForConsumers(config: BusConfig, consumers: number): void {
  if (consumers === 0) return;
  const { partitionsConcurrency } = config.kafka;
  const needed = partitionsConcurrency * consumers + POOL_HEADROOM;
  if (config.database.poolSize >= needed) return;
  throw new InvalidConfigurationError([
    `DATABASE_POOL_SIZE (${config.database.poolSize}) must be at least KAFKA_PARTITIONS_CONCURRENCY ` +
      `(${partitionsConcurrency}) × ${consumers} consumers + ${POOL_HEADROOM} = ${needed}: each partition in ` +
      `progress holds one connection; raise DATABASE_POOL_SIZE, lower KAFKA_PARTITIONS_CONCURRENCY or run ` +
      `fewer CONNECTORS in this process`,
  ]);
}
