import type { FastifyInstance } from 'fastify';
import { CORRELATION_HEADER } from './correlation-id';
import { CorrelationContext } from './correlation-context';

/**
 * Tells the caller which correlation id to quote, and runs the handler inside it. The id is Fastify's request id
 * (its `genReqId` is `correlationIdOf`). The context is entered just before the handler, not when the request
 * arrives: reading the body in between is I/O that would not carry it.
 */
export function correlateRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    CorrelationContext.run(request.id, done);
  });
}
