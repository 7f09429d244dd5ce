import type { ServerOptions } from 'node:http';
import { ServiceUnavailableException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** How often Node looks for requests that have not arrived in time: a tenth of the timeout, at most every second. */
const checkEveryMs = (requestTimeoutMs: number): number =>
  Math.min(1_000, Math.max(10, Math.floor(requestTimeoutMs / 10)));

/**
 * Fastify's options that cut off a slow sender: Node answers 408 and closes the connection when a request has not
 * arrived whole (headers and body) within `requestTimeoutMs`. Two of Node's settings must follow it: it looks for
 * such requests every `connectionsCheckingInterval` (30 s by default, as long as the timeout itself), here every
 * tenth of the timeout (at most every second), so a request is cut off within 10 % of its deadline; and with its
 * default `headersTimeout` (60 s) above the request timeout, a stalled body was seen cut off only after 60 s
 * (Node 20), so the headers get no more time than the whole request.
 */
export function slowSenderOptions(requestTimeoutMs: number): {
  requestTimeout: number;
  http: ServerOptions;
} {
  return {
    requestTimeout: requestTimeoutMs,
    http: {
      connectionsCheckingInterval: checkEveryMs(requestTimeoutMs),
      headersTimeout: Math.min(60_000, requestTimeoutMs),
    },
  };
}

/** When a request that arrived in time but has no answer yet is answered 503, counted from its headers. */
export function handlerDeadlineMs(requestTimeoutMs: number): number {
  return requestTimeoutMs + 2 * checkEveryMs(requestTimeoutMs);
}

const DEADLINE = Symbol('lgsp.handlerDeadline');
type WithDeadline = { [DEADLINE]?: NodeJS.Timeout };

/**
 * Answers 503 (problem+json, through the exception filter) to a request that has no answer two slow-sender checks
 * after its timeout: by then a slow sender has had its 408, so the two never compete. Fastify's `connectionTimeout`
 * would only destroy an idle socket, leaving the caller nothing to read. The handler's work is not cancelled (its
 * transaction commits or rolls back on its own): a caller retrying a 503 for a write sends the same
 * Idempotency-Key, as for any 503. One timer per request: Fastify's own handlerTimeout also builds an
 * AbortController and, as every request closes, an abort error with its stack (3 % of the gateway's CPU), and a
 * Nest interceptor ran an Observable chain on every request (7 %).
 */
export function answerLateRequests(fastify: FastifyInstance, requestTimeoutMs: number): void {
  const deadlineMs = handlerDeadlineMs(requestTimeoutMs);
  fastify.addHook('onRequest', (request, reply, done) => {
    (request as WithDeadline)[DEADLINE] = setTimeout(() => {
      if (!reply.sent) {
        void reply.send(
          new ServiceUnavailableException(`The request was not answered within ${deadlineMs} ms`),
        );
      }
    }, deadlineMs);
    done();
  });
  const clear = (request: object, done: () => void): void => {
    clearTimeout((request as WithDeadline)[DEADLINE]);
    done();
  };
  fastify.addHook('onResponse', (request, _reply, done) => clear(request, done));
  fastify.addHook('onRequestAbort', (request, done) => clear(request, done));
}
