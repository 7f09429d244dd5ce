import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CORRELATION_HEADER = 'x-correlation-id';

const ASSIGNED = Symbol('lgsp.correlationId');

type CorrelatedRequest = IncomingMessage & { [ASSIGNED]?: string };

/**
 * The caller's correlation id when it looks like one (so a header cannot inject text into logs), else a new one.
 * Kept on the request, so the HTTP platform's request id and the request logger's agree on a generated one.
 */
export function correlationIdOf(request: IncomingMessage): string {
  const correlated = request as CorrelatedRequest;
  if (correlated[ASSIGNED] !== undefined) return correlated[ASSIGNED];
  const header = request.headers[CORRELATION_HEADER];
  const supplied = Array.isArray(header) ? header[0] : header;
  const id = supplied && /^[A-Za-z0-9._:-]{1,128}$/.test(supplied) ? supplied : randomUUID();
  correlated[ASSIGNED] = id;
  return id;
}
