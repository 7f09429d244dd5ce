import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { trace } from '@opentelemetry/api';
import { requestSpanOf } from './tracing/request-span';

export const CORRELATION_HEADER = 'x-correlation-id';

const ASSIGNED = Symbol('lgsp.correlationId');
const CALLERS = Symbol('lgsp.callersCorrelationId');

type CorrelatedRequest = IncomingMessage & { [ASSIGNED]?: string; [CALLERS]?: boolean };

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** W3C trace-context: version 00, 32 hex trace id (not all zeros), 16 hex parent id, flags. */
const TRACEPARENT = /^00-(?!0{32})([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

function firstHeader(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers[name];
  return Array.isArray(header) ? header[0] : header;
}

/**
 * The caller's correlation id when it looks like one (so a header cannot inject text into logs); without one, the
 * request's trace id: its span's (which continues the caller's `traceparent`), else a new one shaped like a
 * trace id (tracing off, no caller's trace). Kept on the request, so the HTTP platform's request id and the request logger's agree.
 */
export function correlationIdOf(request: IncomingMessage): string {
  const correlated = request as CorrelatedRequest;
  if (correlated[ASSIGNED] !== undefined) return correlated[ASSIGNED];
  const supplied = firstHeader(request, CORRELATION_HEADER);
  const callers = supplied !== undefined && CORRELATION_ID.test(supplied);
  const spanContext = requestSpanOf(request)?.spanContext();
  const traceId = spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
  const id = callers
    ? supplied
    : (traceId ?? TRACEPARENT.exec(firstHeader(request, 'traceparent') ?? '')?.[1] ?? newTraceId());
  correlated[ASSIGNED] = id;
  correlated[CALLERS] = callers;
  return id;
}

/**
 * 32 hex digits, as a trace id. randomUUID draws from a buffer it refills now and then, where randomBytes makes a
 * system call per id (2 % of the gateway's CPU); six of its 128 bits are fixed, which leaves 122 random.
 */
function newTraceId(): string {
  return randomUUID().replaceAll('-', '');
}

/** Whether the request's correlation id is the caller's own (then it is recorded on the trace, not the same). */
export function isCallersCorrelationId(request: IncomingMessage): boolean {
  return (request as CorrelatedRequest)[CALLERS] === true;
}
