import type { ServerOptions } from 'node:http';

/**
 * Fastify's options that bound a request's time, from the moment its headers arrive:
 *
 * - A slow sender is cut off: Node answers 408 and closes the connection when a request has not arrived whole
 *   (headers and body) within `requestTimeoutMs`. Two of Node's settings must follow it: it looks for such requests
 *   every `connectionsCheckingInterval` (30 s by default, as long as the timeout itself), here every tenth of the
 *   timeout (at most every second), so a request is cut off within 10 % of its deadline; and with its default
 *   `headersTimeout` (60 s) above the request timeout, a stalled body was seen cut off only after 60 s (Node 20), so
 *   the headers get no more time than the whole request.
 * - A request that arrived but has no answer two checks after the deadline is answered 503 (problem+json, through
 *   the exception filter) by Fastify's handler timeout; by then a slow sender has had its 408, so the two never
 *   compete. Fastify's `connectionTimeout` would only destroy an idle socket, leaving the caller nothing to read. The
 *   handler's work is not cancelled (its transaction commits or rolls back on its own): a caller retrying a 503 for
 *   a write sends the same Idempotency-Key, as for any 503.
 */
export function requestDeadlineOptions(requestTimeoutMs: number): {
  requestTimeout: number;
  handlerTimeout: number;
  http: ServerOptions;
} {
  const checkEveryMs = Math.min(1_000, Math.max(10, Math.floor(requestTimeoutMs / 10)));
  return {
    requestTimeout: requestTimeoutMs,
    handlerTimeout: requestTimeoutMs + 2 * checkEveryMs,
    http: { connectionsCheckingInterval: checkEveryMs, headersTimeout: Math.min(60_000, requestTimeoutMs) },
  };
}
