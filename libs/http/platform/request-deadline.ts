import type { ServerOptions } from 'node:http';
import { CallHandler, ExecutionContext, NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Observable, TimeoutError, catchError, throwError, timeout } from 'rxjs';

/** What a handler is given at least, when reading the body took nearly all of the request's time. */
const MIN_HANDLER_MS = 50;

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
  const checkEveryMs = Math.min(1_000, Math.max(10, Math.floor(requestTimeoutMs / 10)));
  return {
    requestTimeout: requestTimeoutMs,
    http: { connectionsCheckingInterval: checkEveryMs, headersTimeout: Math.min(60_000, requestTimeoutMs) },
  };
}

/**
 * Answers 503 (problem+json, through the exception filter) when a handler has not answered by the request's
 * deadline: what is left of `requestTimeoutMs` once the request has arrived. Fastify has no handler timeout,
 * and its `connectionTimeout` only destroys an idle socket, leaving the caller nothing to read; this answers.
 * The handler's work is not cancelled (its transaction commits or rolls back on its own): a caller retrying a
 * 503 for a write sends the same Idempotency-Key, as for any 503.
 */
export class RequestDeadlineInterceptor implements NestInterceptor {
  constructor(private readonly requestTimeoutMs: number) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const leftMs = Math.max(MIN_HANDLER_MS, this.requestTimeoutMs - reply.elapsedTime);
    return next.handle().pipe(
      timeout({ first: leftMs }),
      catchError((error: unknown) =>
        throwError(() =>
          error instanceof TimeoutError
            ? new ServiceUnavailableException(
                `The request was not handled within ${this.requestTimeoutMs} ms`,
              )
            : error,
        ),
      ),
    );
  }
}
