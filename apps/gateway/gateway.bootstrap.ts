import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { BusConfig, validateEnvironment } from '@lgsp/config';
import { startTracing, stopTracingOnClose } from '@lgsp/observability';
import { setupApiDocs } from './api-docs/api-docs.setup';
import { GatewayModule } from './gateway.module';
import { MetricsListener } from './metrics/metrics-listener.service';
import {
  ProblemDetailsFilter,
  configureHttpPlatform,
  createHttpAdapter,
  createValidationPipe,
} from '@lgsp/http';

/** Creates and starts the gateway; used by its own entry point, the combined bus, the demo and the tests. */
export async function startGateway(overrides: Record<string, string> = {}): Promise<INestApplication> {
  // Before the HTTP server exists, so its requests are instrumented; nothing starts without a collector.
  const tracing = startTracing({ serviceName: 'lgsp-gateway' });
  // Validates the environment, naming every problem at once; the request timeout is then read from the same
  // environment, since the HTTP server exists before the app and its BusConfig.
  const module = GatewayModule.forRoot(overrides);
  const { requestTimeoutMs } = validateEnvironment({ ...process.env, ...overrides }).access;
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    createHttpAdapter({ requestTimeoutMs }),
    // abortOnError false: a failure to start is thrown to the caller (a test, npm start), never process.exit.
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  configureHttpPlatform(app);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  setupApiDocs(app);
  stopTracingOnClose(app, tracing);
  await app.listen(app.get(BusConfig).http.port, '0.0.0.0');
  return app;
}

/** An app's base URL on loopback, whatever port it took (port 0 picks a free one). */
export function listeningUrl(app: INestApplication): string {
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Where the gateway's metrics listener (METRICS_HOST:GATEWAY_METRICS_PORT) took its address and port. */
export function metricsListenerAddress(app: INestApplication): AddressInfo {
  return app.get(MetricsListener).address();
}

/** The metrics listener's base URL, for a scraper on the same host (tests, the demo). */
export function metricsListeningUrl(app: INestApplication): string {
  const { address, port } = metricsListenerAddress(app);
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
