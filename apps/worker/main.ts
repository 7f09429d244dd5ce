import 'reflect-metadata';
import { startWorker } from './worker.bootstrap';

startWorker().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
