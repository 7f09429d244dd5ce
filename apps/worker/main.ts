import 'reflect-metadata';
import { closeOnSignals } from '../bus/shutdown-signals';
import { startWorker } from './worker.bootstrap';

startWorker().then(
  (worker) => closeOnSignals(() => worker.close()),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
