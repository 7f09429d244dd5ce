import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { contextFromHeaders, inSpan, injectTraceHeaders } from './spans';
import { startTracing } from './tracing';

describe('tracing', () => {
  it('starts nothing without OTEL_EXPORTER_OTLP_ENDPOINT: spans are the API’s no-op, headers get nothing', async () => {
    expect(startTracing({ serviceName: 'test', env: {} })).toBeUndefined();
    const headers: Record<string, string> = {};
    await inSpan('dossier.accept', {}, (span) => {
      expect(span.isRecording()).toBe(false);
      injectTraceHeaders(headers);
      return Promise.resolve();
    });
    expect(headers).toEqual({});
  });

  it('carries a span’s context through message headers, and stops with its last claim', async () => {
    const exporter = new InMemorySpanExporter();
    const first = startTracing({ serviceName: 'test', exporter });
    const second = startTracing({ serviceName: 'other' });
    const headers: Record<string, string> = {};
    await inSpan('outbox.publish', {}, () => Promise.resolve(injectTraceHeaders(headers)));
    await inSpan('national-portal.handle', { parent: contextFromHeaders(headers) }, () => Promise.resolve());
    const [publish, handle] = exporter.getFinishedSpans();
    expect(headers.traceparent).toContain(publish.spanContext().traceId);
    expect(handle.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    await second?.stop();
    expect(await inSpan('still-traced', {}, (span) => Promise.resolve(span.isRecording()))).toBe(true);
    await first?.stop();
    expect(await inSpan('after', {}, (span) => Promise.resolve(span.isRecording()))).toBe(false);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('marks a failed span with a masked message and rethrows', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ serviceName: 'test', exporter });
    await expect(
      inSpan('national-portal.DongBoHoSoMC', {}, () =>
        Promise.reject(new Error('citizen 001099012345 refused')),
      ),
    ).rejects.toThrow('citizen 001099012345 refused');
    const [span] = exporter.getFinishedSpans();
    await tracing?.stop();
    expect(span.status.message).toBe('citizen *********345 refused');
    expect(JSON.stringify(span.events)).not.toContain('001099012345');
  });
});
