import 'reflect-metadata';
import { startGateway } from './gateway.bootstrap';

startGateway().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
