import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamicModule, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { refuseInProduction, requireAdminToken } from './admin-token';
import { FaultControls } from './fault-controls';
import { FaultInjectionHooks } from './fault-injection.hooks';
import { ReceivedRequestsRecorder } from './received-requests.recorder';

/** DongBoHoSoMC batches can be large; a partner accepts far more than the bus ever sends. */
const DEFAULT_BODY_LIMIT = 20 * 1024 * 1024;

/** SOAP 1.1 and 1.2 (the population database) and plain XML reach the routes as text. */
const XML_TYPES = ['text/xml', 'application/xml', 'application/soap+xml'];

export interface SimulatorServerOptions {
  /** Every /admin call must carry it (x-admin-token); see admin-token.ts. */
  adminToken: string;
  port?: number;
  host?: string;
  /** Serve https with this certificate (PEM), as a real partner does; plain http without it. */
  tls?: { cert: Buffer; key: Buffer };
  logLevels?: LogLevel[];
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
}

/**
 * One simulator as its own Nest application (Fastify, like every app of the bus) on its own port. It owns the
 * listening socket itself so a "refuse" outage is real: the listener closes and clients get ECONNREFUSED, then it
 * reopens on the same port. Fastify's own listen() is never called, so its close() leaves the socket to us.
 *
 * Bodies: JSON and forms (NGSP's token request) by Nest's parsers, XML and plain text as text; any other media
 * type is a 415.
 */
export class SimulatorServer {
  private port = 0;

  private constructor(
    readonly app: NestFastifyApplication,
    private readonly server: Server,
    private readonly host: string,
    private readonly scheme: 'http' | 'https',
    readonly adminToken: string,
  ) {}

  static async start(module: DynamicModule, options: SimulatorServerOptions): Promise<SimulatorServer> {
    refuseInProduction();
    const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    const app = await NestFactory.create<NestFastifyApplication>(
      module,
      new FastifyAdapter(options.tls ? { bodyLimit, https: options.tls } : { bodyLimit }),
      { logger: options.logLevels ?? ['error', 'warn'] },
    );
    const fastify = app.getHttpAdapter().getInstance();
    // Hooks added before Nest registers its routes (at init) apply to every one of them.
    requireAdminToken(fastify, options.adminToken);
    app.get(FaultInjectionHooks).register(fastify);
    // On the instance, not app.useBodyParser(), which would turn off Nest's JSON and form parsers.
    fastify.addContentTypeParser(XML_TYPES, { parseAs: 'string', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    await app.init();
    await fastify.ready();
    const server: Server = app.getHttpServer();
    const simulator = new SimulatorServer(
      app,
      server,
      options.host ?? '127.0.0.1',
      options.tls ? 'https' : 'http',
      options.adminToken,
    );
    const faults = app.get(FaultControls);
    faults.onRefusalChange((refusing) => (refusing ? simulator.stopListening() : simulator.listen()));
    simulator.port = options.port ?? 0;
    // Bound even when started during a "refuse" outage, so its URL is known; then closed until the outage ends.
    await simulator.listen();
    if (faults.isRefusing()) await simulator.stopListening();
    return simulator;
  }

  get url(): string {
    return `${this.scheme}://${this.host}:${this.port}`;
  }

  get faults(): FaultControls {
    return this.app.get(FaultControls);
  }

  get received(): ReceivedRequestsRecorder {
    return this.app.get(ReceivedRequestsRecorder);
  }

  get<T>(token: abstract new (...args: never[]) => T): T {
    return this.app.get(token);
  }

  async close(): Promise<void> {
    this.faults.dispose();
    await this.stopListening();
    await this.app.close();
  }

  private listen(): Promise<void> {
    if (this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private stopListening(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Open keep-alive connections would otherwise keep serving: an outage drops them too.
      this.server.closeAllConnections();
    });
  }
}
