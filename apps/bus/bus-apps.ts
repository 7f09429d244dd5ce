import { INestApplication } from '@nestjs/common';
import { startGateway } from '../gateway/gateway.bootstrap';
import { startWorker } from '../worker/worker.bootstrap';
import { Shutdown } from './shutdown-signals';

export interface BusApps {
  worker: INestApplication;
  gateway: INestApplication;
}

/**
 * Both apps of the bus in one process, each closed by the shutdown: the worker first, so that its consumers have
 * joined before the gateway accepts the first event.
 */
export async function startBusApps(shutdown: Shutdown, overrides: Record<string, string>): Promise<BusApps> {
  const worker = await shutdown.start(
    'the worker',
    () => startWorker(overrides),
    (app) => app.close(),
  );
  const gateway = await shutdown.start(
    'the gateway',
    () => startGateway(overrides),
    (app) => app.close(),
  );
  return { worker, gateway };
}
