import type { FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { MetricsRegistry } from '@lgsp/observability';

/** Probes must reach a saturated gateway: an orchestrator that cannot read readiness would restart it. */
const EXEMPT = /^\/health(?:[/?]|$)/;

/**
 * Above `maxInFlight` requests being handled at once, a new request is answered 503 `busy` with Retry-After at
 * once, before its body is read or its token checked. Without a bound, requests queue for database connections
 * until their deadline passes, and every caller waits a minute for an answer it could have had at once; a client
 * told to come back (with the same Idempotency-Key) loses nothing. Health probes are never shed.
 */
export function shedAboveInFlight(
  fastify: FastifyInstance,
  maxInFlight: number,
  metrics: MetricsRegistry,
): void {
  let inFlight = 0;
  const shed = new Counter({
    name: 'lgsp_http_requests_shed_total',
    help: 'Requests answered 503 busy at once because HTTP_MAX_IN_FLIGHT requests were already being handled',
    registers: [metrics],
  });
  new Gauge({
    name: 'lgsp_http_requests_in_flight',
    help: 'Requests the gateway is handling now (health probes left out)',
    registers: [metrics],
    collect() {
      this.set(inFlight);
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (EXEMPT.test(request.url)) {
      done();
      return;
    }
    if (inFlight >= maxInFlight) {
      shed.inc();
      done(
        new DomainError(DomainErrorCode.Busy, `${maxInFlight} requests are already being handled`, [], {
          retryAfterSeconds: 1,
        }),
      );
      return;
    }
    inFlight += 1;
    // 'close' comes once the answer is written or the caller went away, whichever ends the request.
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
    done();
  });
}
