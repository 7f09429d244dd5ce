import {
  INVALID_SPAN_CONTEXT,
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { maskPersonalIds } from '../redaction';

/**
 * Looked up on each use, not kept: a tracer obtained from a provider stays bound to it, and tracing may stop and
 * start again in one process (tests). Without an SDK this is the API's no-op tracer.
 */
const tracer = (): Tracer => trace.getTracer('lgsp-bus');

/**
 * Whether an SDK runs in this process. When none does, the helpers below skip even the no-op tracer's calls and
 * the attribute objects: the consumer runtime and the relay call them for every message.
 */
let recording = false;

export function setRecording(on: boolean): void {
  recording = on;
}

export function isRecording(): boolean {
  return recording;
}

const NOT_RECORDED: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export { SpanKind };

/** Attribute names of our own, beside OpenTelemetry's semantic conventions. Never personal data. */
export const TraceAttribute = {
  correlationId: 'lgsp.correlation_id',
  dossierCode: 'lgsp.dossier_code',
  eventType: 'lgsp.event_type',
  messageId: 'messaging.message.id',
  attempt: 'lgsp.delivery.attempt',
  consumer: 'lgsp.consumer',
} as const;

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Where the span hangs; the active context when absent. */
  parent?: Context;
  /** Other traces the work belongs to (the messages of a batch beyond the first). */
  links?: Link[];
}

/**
 * Runs work inside a new active span, ended when the work settles. A failure marks the span and is rethrown;
 * its message is masked first, as in logs, since a partner's error text may quote a citizen's ID.
 */
export function inSpan<T>(
  name: string,
  options: SpanOptions | (() => SpanOptions),
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (!recording) return work(NOT_RECORDED);
  if (typeof options === 'function') options = options();
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A span the caller ends, for work that does not fit one callback (a batch of publishes). */
export function startSpan(name: string, options: SpanOptions | (() => SpanOptions)): Span {
  if (!recording) return NOT_RECORDED;
  if (typeof options === 'function') options = options();
  return tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    options.parent ?? context.active(),
  );
}

export function markFailed(span: Span, error: unknown): void {
  const message = maskPersonalIds(error instanceof Error ? error.message : String(error));
  span.recordException({ name: error instanceof Error ? error.name : 'Error', message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** Kafka headers arrive as Buffers (or arrays of them) and leave as strings. */
type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

const headerGetter: TextMapGetter<Record<string, HeaderValue>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/** The context a message's `traceparent`/`tracestate` headers carry, or the active one when they carry none. */
export function contextFromHeaders(headers: Record<string, HeaderValue> | undefined): Context {
  return propagation.extract(context.active(), headers ?? {}, headerGetter);
}

/**
 * Writes `traceparent` (and `tracestate`) for a context into message headers. With tracing off no propagator is
 * registered and nothing is written.
 */
export function injectTraceHeaders(headers: Record<string, string>, from: Context = context.active()): void {
  propagation.inject(from, headers);
}

/**
 * The active span's `traceparent`/`tracestate`, for a message published under it; undefined when tracing is off
 * or no span is active, so an untraced publish builds nothing.
 */
export function activeTraceHeaders(): Record<string, string> | undefined {
  if (!recording || !trace.getActiveSpan()) return undefined;
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** Runs work with a span from startSpan active, so what it publishes carries that span's context. */
export function withSpan<T>(span: Span, work: () => T): T {
  if (!recording) return work();
  return context.with(trace.setSpan(context.active(), span), work);
}

/** Runs work with a context active (the request's or message's parent trace). */
export function withContext<T>(parent: Context, work: () => T): T {
  return context.with(parent, work);
}

/**
 * The context active now, to run work in later from elsewhere (a group commit judging a caller's request): the
 * work sees the caller's span, so what it writes carries that trace on.
 */
export function boundToActiveContext(): <T>(work: () => T) => T {
  if (!recording) return (work) => work();
  const active = context.active();
  return (work) => withContext(active, work);
}
