import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasAdminToken, refuseWithoutToken } from './kit/admin-token';
import { InvalidFaultSettingsError } from './kit/fault-controls';
import { SimulatorServer } from './kit/simulator.server';

const MAX_BODY = 64 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) reject(new Error('body too large'));
    });
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * A simulator in a "refuse" outage has no listener, so its own admin API cannot end the outage. This separate
 * port can (with the same x-admin-token): `GET /` lists the simulators, `GET|POST|DELETE /<system>/faults` reads, merges or clears faults.
 * `GET /health/live` and `GET /health/ready` answer without the token.
 */
export class ControlPlaneServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(
    servers: Record<string, SimulatorServer>,
    port: number,
    host: string,
    adminToken: string,
  ): Promise<ControlPlaneServer> {
    const server = createServer((request, response) => {
      // Health is for the orchestrator and says nothing a caller could use; every other path is admin: it can
      // break or heal any simulator.
      if (request.method === 'GET' && isHealthPath(request.url))
        return sendHealth(servers, request, response);
      if (!hasAdminToken(request, adminToken)) return refuseWithoutToken(response);
      handle(servers, request, response).catch((error: unknown) => {
        if (error instanceof InvalidFaultSettingsError) send(response, 400, { problems: error.problems });
        else send(response, 400, { message: error instanceof Error ? error.message : 'bad request' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    return new ControlPlaneServer(server, `http://${host}:${address.port}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function isHealthPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0];
  return path === '/health/live' || path === '/health/ready';
}

/**
 * Live: the process answers. Ready: every simulator was started (the control plane starts after them); one in a
 * deliberate "refuse" outage counts as ready, since refusing is what it was told to do.
 */
function sendHealth(
  servers: Record<string, SimulatorServer>,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (request.url?.startsWith('/health/live')) return send(response, 200, { status: 'ok' });
  const simulators = Object.fromEntries(
    Object.entries(servers).map(([system, server]) => [
      system,
      { status: server.faults.isRefusing() ? 'refusing' : 'up' },
    ]),
  );
  send(response, 200, { status: 'ok', simulators });
}

async function handle(
  servers: Record<string, SimulatorServer>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path === '/' && request.method === 'GET') {
    const listing = Object.fromEntries(
      Object.entries(servers).map(([system, server]) => [
        system,
        { url: server.url, refusing: server.faults.isRefusing(), faults: server.faults.current() },
      ]),
    );
    return send(response, 200, listing);
  }
  const match = /^\/([A-Za-z]+)\/faults$/.exec(path);
  const server = match ? servers[match[1]] : undefined;
  if (!server) return send(response, 404, { message: 'unknown simulator or path' });
  if (request.method === 'GET') return send(response, 200, server.faults.current());
  if (request.method === 'DELETE') {
    await server.faults.clear();
    return send(response, 204);
  }
  if (request.method === 'POST') {
    const text = await readBody(request);
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    return send(response, 200, await server.faults.set(parsed));
  }
  send(response, 405, { message: 'method not allowed' });
}
