import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { BusConfig } from '@lgsp/config';
import { startTracing, stopTracingOnClose } from '@lgsp/observability';
import { setupApiDocs } from './api-docs/api-docs.setup';
import { GatewayModule } from './gateway.module';
import { MetricsListener } from './metrics/metrics-listener.service';
import { configureHttpPlatform, createHttpAdapter } from './http/http-platform';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { createValidationPipe } from './problem/validation.pipe';

/** Creates and starts the gateway; used by its own entry point, the combined bus, the demo and the tests. */
export async function startGateway(overrides: Record<string, string> = {}): Promise<INestApplication> {
  // Before the HTTP server exists, so its requests are instrumented; nothing starts without a collector.
  const tracing = startTracing({ serviceName: 'lgsp-gateway' });
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(overrides),
    createHttpAdapter(),
    { bufferLogs: true, bodyParser: false },
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
