import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { NationalPortalClient } from '@lgsp/adapters/national-portal';
import { OneStopClient, OneStopDelivery } from '@lgsp/adapters/one-stop';
import { validateEnvironment } from '@lgsp/config';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const TLS_DIR = join(__dirname, '../../apps/simulators/kit/tls');
const tlsFile = (name: string): string => join(TLS_DIR, name);

/** A partner (or an attacker's host) on loopback that records what reaches it. */
class FakeHost {
  readonly received: { method?: string; url?: string; body: string }[] = [];

  private constructor(private readonly server: Server) {}

  static async start(handler: Handler, server: Server = createServer()): Promise<FakeHost> {
    const host = new FakeHost(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        host.received.push({ method: request.method, url: request.url, body });
        handler(request, response);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return host;
  }

  url(scheme = 'http'): string {
    return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}

const config = (overrides: Record<string, string>) =>
  validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092', NODE_ENV: 'test', ...overrides });

const delivery: OneStopDelivery = {
  messageId: '6f1c2a8e-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  key: 'H56.22-HTTP-000001',
  type: 'connector.delivery-failed',
  contractVersion: 1,
  correlationId: 'c-1',
  payload: { dossierCode: 'H56.22-HTTP-000001' },
};

describe('partner HTTP policy: what a hostile or broken partner can make the bus do', () => {
  const hosts: FakeHost[] = [];
  const start = async (handler: Handler, server?: Server): Promise<FakeHost> => {
    const host = await FakeHost.start(handler, server);
    hosts.push(host);
    return host;
  };

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
  });

  it('does not follow a redirect with the portal login to another host', async () => {
    const elsewhere = await start((_request, response) => response.end('{"error_code":0,"session":"s"}'));
    const portal = await start((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url()}/steal` }).end();
    });
    const client = new NationalPortalClient(
      config({ NATIONAL_PORTAL_URL: portal.url(), NATIONAL_PORTAL_PASSWORD: 'province-password' }),
    );
    await expect(client.call('LayDanhSachTTHC', {})).rejects.toThrow(/HTTP 307/);
    expect(portal.received.map((request) => request.url)).toEqual(['/dvcqg/login']);
    expect(elsewhere.received).toEqual([]);
  });

  it('does not follow a redirect with a delivery to another host', async () => {
    const elsewhere = await start((_request, response) => response.writeHead(202).end('{}'));
    const oneStop = await start((_request, response) => {
      response.writeHead(308, { location: `${elsewhere.url()}/collect` }).end();
    });
    const client = new OneStopClient(config({ ONE_STOP_URL: oneStop.url() }));
    await expect(client.deliver('deliveryFailure', delivery)).rejects.toThrow(/HTTP 308/);
    expect(elsewhere.received).toEqual([]);
  });

  it('abandons a reply larger than the configured cap while it streams in', async () => {
    const total = 50 * 1_048_576;
    let written = 0;
    let finished = false;
    const portal = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"error_code":0,"session":"s","padding":"');
      const chunk = Buffer.alloc(65_536, 'x');
      const pump = (): void => {
        while (written < total) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        finished = true;
        response.end('"}');
      };
      pump();
    });
    const client = new NationalPortalClient(
      config({ NATIONAL_PORTAL_URL: portal.url(), NATIONAL_PORTAL_MAX_REPLY_BYTES: String(1_048_576) }),
    );
    // axios stops reading at the cap (ERR_BAD_RESPONSE) and closes the connection: the rest is never sent.
    await expect(client.call('LayDanhSachTTHC', {})).rejects.toThrow(
      /unavailable for login: ERR_BAD_RESPONSE/,
    );
    expect(finished).toBe(false);
    expect(written).toBeLessThan(total);
  });

  it('speaks TLS with the partner’s CA and presents the configured client certificate', async () => {
    const server = createHttpsServer({
      cert: readFileSync(tlsFile('simulator.crt')),
      key: readFileSync(tlsFile('simulator.key')),
      ca: readFileSync(tlsFile('ca.crt')),
      requestCert: true,
      rejectUnauthorized: true,
    });
    let clientName: string | string[] | undefined;
    const oneStop = await start((request, response) => {
      clientName = (request.socket as TLSSocket).getPeerCertificate().subject?.CN;
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":[]}');
    }, server);
    const mutual = new OneStopClient(
      config({
        ONE_STOP_URL: oneStop.url('https'),
        ONE_STOP_CA_FILE: tlsFile('ca.crt'),
        ONE_STOP_CERT_FILE: tlsFile('client.crt'),
        ONE_STOP_KEY_FILE: tlsFile('client.key'),
      }),
    );
    await mutual.deliver('deliveryFailure', delivery);
    expect(clientName).toBe('lgsp-bus-test-client');

    // Without the partner's CA its certificate is not trusted; without a client certificate the partner refuses.
    const untrusting = new OneStopClient(config({ ONE_STOP_URL: oneStop.url('https') }));
    await expect(untrusting.deliver('deliveryFailure', delivery)).rejects.toThrow(/unavailable/);
    const anonymous = new OneStopClient(
      config({ ONE_STOP_URL: oneStop.url('https'), ONE_STOP_CA_FILE: tlsFile('ca.crt') }),
    );
    await expect(anonymous.deliver('deliveryFailure', delivery)).rejects.toThrow(/unavailable/);
    expect(oneStop.received).toHaveLength(1);
  });

  it('refuses to start a client whose TLS files cannot be read', () => {
    expect(
      () =>
        new OneStopClient(
          config({ ONE_STOP_URL: 'https://127.0.0.1:1', ONE_STOP_CA_FILE: '/nonexistent/ca.pem' }),
        ),
    ).toThrow(/Cannot read the one-stop system's CA file \/nonexistent\/ca.pem \(ENOENT\)/);
  });
});
