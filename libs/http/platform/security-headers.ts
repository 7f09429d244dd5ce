import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The Content-Security-Policy of every response. The bus answers JSON, so nearly everything is refused; what is
 * allowed is for Swagger UI at /docs: its scripts and stylesheet are files served by @nestjs/swagger from the
 * same origin ('self'), but its page carries a `<style>` block and `style` attributes, and its icons are data:
 * URIs. No inline script is allowed. `upgrade-insecure-requests` is left out: inside the province's network, and
 * on a laptop, the gateway may be reached over plain http, where it would send the browser to an https port that
 * does not answer (HSTS below already keeps a browser on https once it has come over https).
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: true,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: null,
  },
};

/**
 * Security headers (helmet) on every answer of an app's listener, errors and 404s included: nosniff, no framing,
 * no referrer, HSTS for a year (not for subdomains: the bus does not own the province's other hosts), the CSP
 * above. Added before any route, so its onRequest hook runs for all of them. The headers are built once: the
 * Fastify plugin builds helmet's middleware again on every request, which cost the gateway 4 % of its CPU.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    // helmet 8 throws rather than passing an error on, and only for a bad configuration, which this is not.
    .addHook('onRequest', (request, reply, done) => setSecurityHeaders(request.raw, reply.raw, () => done()));
}
