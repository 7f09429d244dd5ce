import type { IncomingMessage } from 'node:http';
import { correlationIdOf, isCallersCorrelationId } from './correlation-id';

const request = (headers: Record<string, string>): IncomingMessage =>
  ({ headers }) as unknown as IncomingMessage;

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('correlation id of a request', () => {
  it('keeps the caller’s X-Correlation-Id, and says it is the caller’s', () => {
    const incoming = request({ 'x-correlation-id': 'one-stop-42', traceparent: TRACEPARENT });
    expect(correlationIdOf(incoming)).toBe('one-stop-42');
    expect(isCallersCorrelationId(incoming)).toBe(true);
  });

  it('is the trace id of the caller’s traceparent when the caller sends no correlation id', () => {
    const incoming = request({ traceparent: TRACEPARENT });
    expect(correlationIdOf(incoming)).toBe(TRACE_ID);
    expect(isCallersCorrelationId(incoming)).toBe(false);
  });

  it('is a new trace-id-shaped id without either header, or when they are malformed', () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { 'x-correlation-id': 'a b\nc', traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
    ]) {
      expect(correlationIdOf(request(headers))).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('is decided once per request', () => {
    const incoming = request({});
    expect(correlationIdOf(incoming)).toBe(correlationIdOf(incoming));
  });
});
