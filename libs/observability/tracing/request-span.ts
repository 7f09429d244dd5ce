import type { IncomingMessage } from 'node:http';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { contextFromHeaders, isRecording, startSpan } from './spans';

const REQUEST_SPAN = Symbol('lgsp.requestSpan');

/** The request's span, and whether the bus started it (and so ends it) or the HTTP instrumentation did. */
type SpannedRequest = IncomingMessage & { [REQUEST_SPAN]?: { span: Span; owned: boolean } };

/** Paths probed every few seconds: a span each would drown the traces people read. */
export const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * The span a request is served in. When the HTTP instrumentation made one, that one; otherwise (it patches `http`
 * only where Node's own `require` loads it, not under every loader) the bus starts it, continuing the caller's
 * `traceparent`. With tracing off it is the API's non-recording span, which still carries the caller's trace id.
 * Started when the request arrives, so its trace id can be the correlation id the response names.
 */
export function requestSpanOf(request: IncomingMessage): Span | undefined {
  const spanned = request as SpannedRequest;
  const known = spanned[REQUEST_SPAN];
  if (known) return known.span;
  if (!isRecording()) return undefined;
  // Kept: by the time the handler runs, reading the body may have left the instrumentation's context.
  const active = trace.getActiveSpan();
  if (active) {
    spanned[REQUEST_SPAN] = { span: active, owned: false };
    return active;
  }
  if (UNTRACED_PATHS.test(request.url ?? '')) return undefined;
  const span = startSpan(request.method ?? 'HTTP', () => ({
    kind: SpanKind.SERVER,
    parent: contextFromHeaders(request.headers),
    attributes: { 'http.request.method': request.method ?? '' },
  }));
  spanned[REQUEST_SPAN] = { span, owned: true };
  return span;
}

/** Ends the span the bus started for a request (not the instrumentation's), named by its route, not its path. */
export function endRequestSpan(
  request: IncomingMessage,
  route: string | undefined,
  statusCode: number,
): void {
  const spanned = request as SpannedRequest;
  const known = spanned[REQUEST_SPAN];
  if (!known?.owned) return;
  const { span } = known;
  spanned[REQUEST_SPAN] = undefined;
  if (route) {
    span.updateName(`${request.method ?? 'HTTP'} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
