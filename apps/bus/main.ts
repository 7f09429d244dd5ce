import 'reflect-metadata';
import { startGateway } from '../gateway/gateway.bootstrap';
import { startWorker } from '../worker/worker.bootstrap';

/** Gateway and worker in one process, for a small province or a laptop; production runs them apart. */
async function main(): Promise<void> {
  await startWorker();
  await startGateway();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
