import { context, trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { CORRELATION_HEADER, isCallersCorrelationId } from './correlation-id';
import { CorrelationContext } from './correlation-context';
import { endRequestSpan, requestSpanOf } from './tracing/request-span';
import { TraceAttribute, withContext } from './tracing/spans';

/**
 * Tells the caller which correlation id to quote, and runs the handler inside it. The id is Fastify's request id
 * (its `genReqId` is `correlationIdOf`). The context is entered just before the handler, not when the request
 * arrives: reading the body in between is I/O that would not carry it.
 *
 * The request's span is entered there too (see requestSpanOf), so the bus's own spans are its children.
 */
export function correlateRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const span = requestSpanOf(request.raw);
    if (span && isCallersCorrelationId(request.raw)) {
      span.setAttribute(TraceAttribute.correlationId, request.id);
    }
    const enter = (): void => CorrelationContext.run(request.id, done);
    if (span) withContext(trace.setSpan(context.active(), span), enter);
    else enter();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    endRequestSpan(request.raw, request.routeOptions.url, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    endRequestSpan(request.raw, request.routeOptions.url, 499);
    done();
  });
}
