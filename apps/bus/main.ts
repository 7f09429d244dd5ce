import 'reflect-metadata';
import { startGateway } from '../gateway/gateway.bootstrap';
import { startWorker } from '../worker/worker.bootstrap';
import { closeOnSignals } from './shutdown-signals';

/** Gateway and worker in one process, for a small province or a laptop; production runs them apart. */
async function main(): Promise<void> {
  const worker = await startWorker();
  const gateway = await startGateway();
  closeOnSignals(async () => {
    await gateway.close();
    await worker.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
