import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

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
export function hasAdminToken(request: IncomingMessage, token: string): boolean {
  const presented = request.headers[ADMIN_TOKEN_HEADER];
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function refuseWithoutToken(response: ServerResponse): void {
  response.writeHead(401, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ message: `the simulator admin API needs the ${ADMIN_TOKEN_HEADER} header` }));
}

/**
 * Express-style middleware for a simulator's own port: admin paths need the token. The admin API can point the
 * payment simulator's callbacks anywhere and read back the answer, and shows every request received (the bus's
 * partner credentials and citizens' data among them): nobody without the token may use it.
 */
export function adminTokenGuard(token: string) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (!isAdminPath(request.url) || hasAdminToken(request, token)) {
      next();
      return;
    }
    refuseWithoutToken(response);
  };
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
