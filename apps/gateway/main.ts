import 'reflect-metadata';
import { closeOnSignals } from '../bus/shutdown-signals';
import { startGateway } from './gateway.bootstrap';

startGateway().then(
  (gateway) => closeOnSignals(() => gateway.close()),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
