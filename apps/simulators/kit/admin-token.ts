import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** The header every admin call carries; the demo, benchmarks and tests get the token from startSimulators. */
export const ADMIN_TOKEN_HEADER = 'x-admin-token';

export const ADMIN_PREFIX = '/admin';

/** 32 random bytes, URL-safe: a fresh token per run unless one is configured (SIMULATOR_ADMIN_TOKEN). */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isAdminPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0];
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

/** Constant-time comparison, so the token cannot be guessed a character at a time from response times. */
export function hasAdminToken(request: { headers: IncomingHttpHeaders }, token: string): boolean {
  const presented = request.headers[ADMIN_TOKEN_HEADER];
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const MISSING_TOKEN = { message: `the simulator admin API needs the ${ADMIN_TOKEN_HEADER} header` };

export function refuseWithoutToken(response: ServerResponse): void {
  response.writeHead(401, { 'content-type': 'application/json' });
  response.end(JSON.stringify(MISSING_TOKEN));
}

/**
 * On a simulator's own port, admin paths need the token. The admin API can point the payment simulator's
 * callbacks anywhere and read back the answer, and shows every request received (the bus's partner credentials
 * and citizens' data among them): nobody without the token may use it. An onRequest hook runs before the body is
 * read and before any route, Nest's included.
 */
export function requireAdminToken(fastify: FastifyInstance, token: string): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!isAdminPath(request.url) || hasAdminToken(request, token)) return;
    return reply.code(401).type('application/json').send(MISSING_TOKEN);
  });
}

export class SimulatorsInProductionError extends Error {
  constructor() {
    super(
      'The simulators imitate partners for development, tests, the demo and benchmarks; they refuse to start with NODE_ENV=production',
    );
    this.name = 'SimulatorsInProductionError';
  }
}

/** Simulators hold published secrets and an admin API: never something a production deployment runs. */
export function refuseInProduction(environment: NodeJS.ProcessEnv = process.env): void {
  if (environment.NODE_ENV === 'production') throw new SimulatorsInProductionError();
}
