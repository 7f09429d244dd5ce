import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { MetricsRegistry } from '@lgsp/observability';

export class MetricsListenerNotListeningError extends Error {
  constructor() {
    super('the gateway metrics listener is not listening');
  }
}

/**
 * The gateway's Prometheus endpoint on its own small listener at METRICS_HOST:GATEWAY_METRICS_PORT, apart from
 * the public port: /metrics carries no token, so it is reachable only where METRICS_HOST says (loopback in
 * production). Started and closed with the app's lifecycle, so nothing outlives the gateway.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: Server;
  private readonly logger = new Logger(MetricsListener.name);

  constructor(
    private readonly config: BusConfig,
    private readonly registry: MetricsRegistry,
  ) {
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        (error: unknown) => {
          res
            .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
            .end('metrics collection failed');
          this.logger.error({ err: error }, 'collecting metrics failed');
        },
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { metricsPort, metricsHost } = this.config.http;
    this.server.listen(metricsPort, metricsHost);
    await once(this.server, 'listening');
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** Where it listens; with GATEWAY_METRICS_PORT=0 (tests) the port is the free one it took. */
  address(): AddressInfo {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new MetricsListenerNotListeningError();
    return address;
  }
}
