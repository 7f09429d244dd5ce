import { ensureInfrastructure, stopKafka } from '../../../docker';
import { log } from './bench-stats';

export interface BenchInfrastructure {
  brokers: string;
  databaseUrl: string;
  release(): Promise<void>;
}

/** Same rules as the demo and the tests: reuse a running broker, or start one and stop it afterwards. */
export async function benchInfrastructure(): Promise<BenchInfrastructure> {
  const { kafka, database, startedKafka } = await ensureInfrastructure(log);
  log(`Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}`);
  return {
    brokers: kafka.brokers,
    databaseUrl: database.url,
    release: async () => {
      if (startedKafka) await stopKafka(log);
    },
  };
}
