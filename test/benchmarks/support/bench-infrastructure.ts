import { ensureInfrastructure, stopKafka } from '../../../docker';
import { withClient } from '../../messaging/support/messaging-app';
import { log } from './bench-stats';

export interface BenchInfrastructure {
  brokers: string;
  databaseUrl: string;
  /** A database schema of the benchmark's own, dropped by release(). */
  schema(name: string): string;
  release(): Promise<void>;
}

/** Same rules as the demo and the tests: reuse a running broker, or start one and stop it afterwards. */
export async function benchInfrastructure(): Promise<BenchInfrastructure> {
  const { kafka, database, startedKafka } = await ensureInfrastructure(log);
  log(`Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}`);
  const schemas: string[] = [];
  return {
    brokers: kafka.brokers,
    databaseUrl: database.url,
    schema: (name) => {
      schemas.push(name);
      return name;
    },
    release: async () => {
      for (const schema of schemas) {
        await withClient((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      }
      if (startedKafka) await stopKafka(log);
    },
  };
}

/**
 * Runs a benchmark with its infrastructure and always releases it; then prints its figures as the last line,
 * one JSON object, and exits 0 (or 1 with the error).
 */
export function runBenchmark(measure: (infrastructure: BenchInfrastructure) => Promise<object>): void {
  const run = async (): Promise<object> => {
    const infrastructure = await benchInfrastructure();
    try {
      return await measure(infrastructure);
    } finally {
      await infrastructure.release();
    }
  };
  run().then(
    (figures) => {
      console.log(JSON.stringify(figures));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
