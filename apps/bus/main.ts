import 'reflect-metadata';
import { listeningUrl, metricsListeningUrl } from '../gateway/gateway.bootstrap';
import { startTracing } from '@lgsp/observability';
import { startBusApps } from './bus-apps';
import { busInfrastructure } from './bus-infrastructure';
import { Shutdown, ShutdownInProgressError } from './shutdown-signals';

const say = (line: string): void => console.log(`[bus] ${line}`);

/**
 * Gateway and worker in one process (`npm start`), for a small province or a laptop; production runs them apart.
 * Outside production it brings its own broker when none is configured, and stops it again on Ctrl+C.
 */
async function main(shutdown: Shutdown): Promise<void> {
  const overrides = await busInfrastructure(process.env, shutdown, say);
  // One service for both apps of this process; they share this SDK, which flushes after both closed.
  await shutdown.start(
    'tracing',
    () => Promise.resolve(startTracing({ serviceName: 'lgsp-bus' })),
    async (tracing) => tracing?.stop(),
  );
  const { worker, gateway } = await startBusApps(shutdown, overrides);
  say(
    `gateway at ${listeningUrl(gateway)} (OpenAPI at /docs; /metrics at ${metricsListeningUrl(gateway)}), ` +
      `worker at ${listeningUrl(worker)}; Ctrl+C stops all`,
  );
}

const shutdown = new Shutdown('bus');
main(shutdown).catch((error: unknown) => {
  if (error instanceof ShutdownInProgressError) return;
  console.error(error instanceof Error ? error.message : String(error));
  void shutdown.exit(1);
});
