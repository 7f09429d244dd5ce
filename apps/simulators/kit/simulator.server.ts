import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamicModule, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { adminTokenGuard, refuseInProduction } from './admin-token';
import { FaultControls } from './fault-controls';
import { ReceivedRequestsRecorder } from './received-requests.recorder';

export interface SimulatorServerOptions {
  /** Every /admin call must carry it (x-admin-token); see admin-token.ts. */
  adminToken: string;
  port?: number;
  host?: string;
  /** Serve https with this certificate (PEM), as a real partner does; plain http without it. */
  tls?: { cert: Buffer; key: Buffer };
  logLevels?: LogLevel[];
  /** Largest request body accepted (DongBoHoSoMC batches can be large). */
  bodyLimit?: string;
}

/**
 * One simulator as its own Nest application on its own port. It owns the listening socket itself so a
 * "refuse" outage is real: the listener closes and clients get ECONNREFUSED, then it reopens on the same port.
 */
export class SimulatorServer {
  private port = 0;

  private constructor(
    readonly app: NestExpressApplication,
    private readonly server: Server,
    private readonly host: string,
    private readonly scheme: 'http' | 'https',
    readonly adminToken: string,
  ) {}

  static async start(module: DynamicModule, options: SimulatorServerOptions): Promise<SimulatorServer> {
    refuseInProduction();
    const app = await NestFactory.create<NestExpressApplication>(module, {
      bodyParser: false,
      logger: options.logLevels ?? ['error', 'warn'],
      httpsOptions: options.tls,
    });
    // Registered before Nest's routes and middleware, so no admin route runs without the token.
    app.use(adminTokenGuard(options.adminToken));
    const limit = options.bodyLimit ?? '20mb';
    app.useBodyParser('json', { limit });
    app.useBodyParser('urlencoded', { limit, extended: false });
    app.useBodyParser('text', { limit, type: ['text/xml', 'application/xml', 'application/soap+xml'] });
    await app.init();
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
