import { deleteTopics, dropSchema, ownInfrastructure } from '@lgsp/infrastructure';
import { Shutdown, ShutdownInProgressError } from '../../../apps/bus/shutdown-signals';
import { log } from './bench-stats';
import { SpawnedProcess, spawnApp } from './bus-processes';

export interface BenchInfrastructure {
  brokers: string;
  databaseUrl: string;
  /** A database schema of the benchmark's own, dropped however the run ends. */
  schema(name: string): string;
  /** A topic prefix of the benchmark's own: its topics are deleted however the run ends. */
  topicPrefix(prefix: string): string;
  /** A built app as its own process, stopped however the run ends; if it dies on its own, the run fails. */
  spawn(entry: string, env: Record<string, string>, extraArgs?: string[]): SpawnedProcess;
}

/**
 * Runs a benchmark with its infrastructure (the same rules as the demo: reuse a running broker, or start one and
 * stop it afterwards) and undoes everything it started or created, on success, failure, a crashed app, SIGINT
 * and SIGTERM. Then prints its figures as the last line, one JSON object, and exits 0 (or 1 with the error).
 */
export function runBenchmark(
  measure: (infrastructure: BenchInfrastructure) => Promise<object>,
  /** Whether the figures are a failure (the command then exits 1, still printing them last). */
  failed: (figures: object) => boolean = () => false,
): void {
  const shutdown = new Shutdown('bench');
  const run = async (): Promise<object> => {
    const { kafka, database } = await shutdown.start(
      'the broker',
      () => ownInfrastructure(log),
      (owned) => owned.release(),
    );
    log(`Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}`);
    return measure({
      brokers: kafka.brokers,
      databaseUrl: database.url,
      schema: (name) => {
        log(`database schema ${name}`);
        shutdown.add(`schema ${name}`, () => dropSchema(database.url, name));
        return name;
      },
      topicPrefix: (prefix) => {
        shutdown.add(`topics ${prefix}.*`, () => deleteTopics(kafka.brokers, prefix));
        return prefix;
      },
      spawn: (entry, env, extraArgs) => {
        if (shutdown.isExiting) throw new ShutdownInProgressError();
        const app = spawnApp(entry, env, extraArgs);
        shutdown.add(entry, () => app.stop());
        app.child.once('exit', (code, signal) => {
          if (app.stopping || shutdown.isExiting) return;
          console.error(`[bench] failed: ${entry} exited on its own (${code ?? signal})`);
          void shutdown.exit(1);
        });
        return app;
      },
    });
  };
  run().then(
    (figures) => shutdown.exit(failed(figures) ? 1 : 0, () => console.log(JSON.stringify(figures))),
    (error: unknown) => {
      if (error instanceof ShutdownInProgressError) return;
      console.error(error);
      void shutdown.exit(1);
    },
  );
}
