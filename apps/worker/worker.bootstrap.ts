import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { BusConfig } from '@lgsp/config';
import { WorkerModule } from './worker.module';

/**
 * Creates and starts the worker's consumers; used by its own entry point, the combined bus, the demo and tests.
 * It listens on METRICS_HOST:WORKER_PORT for operators only: /v1/ops/connectors, /metrics, /health/live.
 */
export async function startWorker(overrides: Record<string, string> = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    WorkerModule.forRoot(overrides),
    new FastifyAdapter(),
    { bufferLogs: true, bodyParser: false },
  );
  // Its routes take no body: anything sent with one is refused (415) unread.
  app.getHttpAdapter().getInstance().removeAllContentTypeParsers();
  app.useLogger(app.get(Logger));
  const { workerPort, metricsHost } = app.get(BusConfig).http;
  // Operator and metrics endpoints carry no token: they listen only where METRICS_HOST says (loopback in
  // production), never on every interface by default.
  await app.listen(workerPort, metricsHost);
  return app;
}
