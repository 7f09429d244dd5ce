import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { BusConfig, validateEnvironment } from '@lgsp/config';
import { KafkaBusServer } from '@lgsp/messaging';
import { startTracing, stopTracingOnClose } from '@lgsp/observability';
import { answerLateRequests, slowSenderOptions, useSecurityHeaders } from '@lgsp/http';
import { ConsumersHealthIndicator } from './ops/consumers.health';
import { WorkerModule } from './worker.module';

/**
 * Creates and starts the worker; used by its own entry point, the combined bus, the demo and tests. It resolves
 * once every connector's consumer group was joined.
 *
 * The worker is a Nest microservice whose transport is the bus's own (KafkaBusServer: the connectors' @EventPattern
 * handlers on the consumer runtime), attached to a small Fastify app for operators only: /v1/ops/connectors,
 * /metrics, /health/live and /health/ready on METRICS_HOST:WORKER_PORT. One module graph serves both, so the operator endpoints see
 * the consumers and breakers the handlers use.
 */
export async function startWorker(overrides: Record<string, string> = {}): Promise<INestApplication> {
  // Before the partners' clients exist, so their calls are instrumented; nothing starts without a collector.
  const tracing = startTracing({ serviceName: 'lgsp-worker' });
  // Validates the environment with the connectors' slices, naming every problem at once; the listener's
  // slow-sender timeout is then read from the same environment, since the server exists before the app's BusConfig.
  const module = WorkerModule.forRoot(overrides);
  const { requestTimeoutMs } = validateEnvironment({ ...process.env, ...overrides }).access;
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter(slowSenderOptions(requestTimeoutMs)),
    // abortOnError false: a failure to start is thrown to the caller (a test, npm start), never process.exit.
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  // Its routes take no body: anything sent with one is refused (415) unread.
  app.getHttpAdapter().getInstance().removeAllContentTypeParsers();
  useSecurityHeaders(app);
  answerLateRequests(app.getHttpAdapter().getInstance(), requestTimeoutMs);
  app.useLogger(app.get(Logger));
  stopTracingOnClose(app, tracing);
  // The app's configuration (KafkaBusModule's filter keeping handlers' errors intact) applies to the handlers.
  app.connectMicroservice<MicroserviceOptions>(
    { strategy: app.get(KafkaBusServer) },
    { inheritAppConfig: true },
  );
  // Modules first (migrations, topics, breakers), then the consumers, then the operator listener.
  await app.init();
  await app.startAllMicroservices();
  // Every consumer group was joined: readiness now expects each of these consumers to keep running.
  app.get(ConsumersHealthIndicator).markStarted();
  const { workerPort, metricsHost } = app.get(BusConfig).http;
  // Operator and metrics endpoints carry no token: they listen only where METRICS_HOST says (loopback in
  // production), never on every interface by default.
  await app.listen(workerPort, metricsHost);
  return app;
}
