import { randomBytes } from 'node:crypto';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Tracing, startTracing } from '@lgsp/observability';
import { expectEventually } from '../support/expect-eventually';
import { BusUnderTest, portalDossiers, startBusUnderTest } from '../support/e2e/bus-under-test';

const BASE = Date.UTC(2025, 6, 1, 1, 0, 0);

/**
 * One dossier status change is one trace: the gateway's acceptance, the outbox relay's publication, the portal
 * connector's handler on the worker and its call to the national portal, each span the child of the one before,
 * across the outbox table and Kafka.
 */
describe('tracing: one trace from REST through the outbox and Kafka to the national portal', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let bus: BusUnderTest;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'lgsp-test', exporter });
    bus = await startBusUnderTest('otel');
  });

  afterAll(async () => {
    await bus?.close();
    await tracing?.stop();
  });

  async function register(code: string, index: number): Promise<void> {
    const response = await bus.api.post('/v1/dossiers', dossierRegistration(code, index, BASE));
    expect(response.status).toBe(202);
    await expectEventually(async () => expect((await portalDossiers(bus)).get(code)?.status).toBe(1));
  }

  function spansOf(traceId: string): ReadableSpan[] {
    return exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  }

  /** Span names from a span up to the trace's root, following parent ids; a broken link ends the walk. */
  function ancestry(span: ReadableSpan, spans: ReadableSpan[]): string[] {
    const byId = new Map(spans.map((each) => [each.spanContext().spanId, each]));
    const names: string[] = [];
    for (let current: ReadableSpan | undefined = span; current;) {
      names.unshift(current.name);
      const parentId: string | undefined = current.parentSpanContext?.spanId;
      current = parentId === undefined ? undefined : byId.get(parentId);
    }
    return names;
  }

  /** The domain spans of a chain, in order from the root, without the HTTP and SQL spans in between. */
  const domainSteps = (names: string[]): string[] =>
    names.filter((name) => /^(dossier\.accept|outbox\.publish|[a-z-]+\.(handle|[A-Z]\w+))$/.test(name));

  it('continues a caller’s traceparent into the portal call, keeping its X-Correlation-Id', async () => {
    const code = 'H56.22-otel-000001';
    await register(code, 1);
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const response = await bus.api.post(
      `/v1/dossiers/${code}/status-changes`,
      statusChange(code, 2, 1, BASE),
      {
        headers: { traceparent: `00-${traceId}-${parentId}-01`, 'X-Correlation-Id': 'one-stop-req-42' },
      },
    );
    expect(response.status).toBe(202);
    expect(response.headers['x-correlation-id']).toBe('one-stop-req-42');

    // The handler's span ends after the portal call's (its transaction commits after): wait for the whole chain.
    const spans = await expectEventually(() => {
      const found = spansOf(traceId);
      const portalCall = found.find((span) => span.name === 'national-portal.CapNhatTienDoHoSoMC');
      expect(portalCall).toBeDefined();
      expect(domainSteps(ancestry(portalCall as ReadableSpan, found))).toEqual([
        'dossier.accept',
        'outbox.publish',
        'national-portal.handle',
        'national-portal.CapNhatTienDoHoSoMC',
      ]);
      return found;
    });
    // The gateway's request span (the HTTP instrumentation's, or the bus's own where Jest's loader hides `http`).
    const accept = spans.find((span) => span.name === 'dossier.accept');
    const request = spans.find((span) => span.spanContext().spanId === accept?.parentSpanContext?.spanId);
    expect(request).toMatchObject({ kind: SpanKind.SERVER, name: expect.stringMatching(/^POST\b/) });
    expect(accept?.attributes).toMatchObject({
      'lgsp.correlation_id': 'one-stop-req-42',
      'lgsp.dossier_code': code,
    });
    // The caller's span is the root of ours: its id is the parent of the first span the bus made.
    const roots = spans.filter(
      (span) => !spans.some((each) => each.spanContext().spanId === span.parentSpanContext?.spanId),
    );
    expect(roots.map((span) => span.parentSpanContext?.spanId)).toEqual(roots.map(() => parentId));
  });

  it('makes the trace id the correlation id when the caller sends neither header', async () => {
    const code = 'H56.22-otel-000002';
    await register(code, 2);
    const response = await bus.api.post(
      `/v1/dossiers/${code}/status-changes`,
      statusChange(code, 2, 1, BASE),
    );
    expect(response.status).toBe(202);
    const correlationId = String(response.headers['x-correlation-id']);
    expect(correlationId).toMatch(/^[0-9a-f]{32}$/);
    await expectEventually(() =>
      expect(spansOf(correlationId).map((span) => span.name)).toEqual(
        expect.arrayContaining(['dossier.accept', 'outbox.publish', 'national-portal.handle']),
      ),
    );
  });

  it('gives each item of a batch its own dossier.accept span in the request’s trace', async () => {
    const codes = ['H56.22-otel-000003', 'H56.22-otel-000004'];
    const traceId = randomBytes(16).toString('hex');
    const response = await bus.api.post(
      '/v1/dossiers/batch',
      { items: codes.map((code, index) => ({ dossier: dossierRegistration(code, 3 + index, BASE) })) },
      { headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } },
    );
    expect(response.status).toBe(207);
    const accepts = await expectEventually(() => {
      const found = spansOf(traceId).filter((span) => span.name === 'dossier.accept');
      expect(found.map((span) => span.attributes['lgsp.dossier_code']).sort()).toEqual(codes);
      return found;
    });
    // Both hang on the batch's request span.
    const request = spansOf(traceId).find((span) => span.kind === SpanKind.SERVER);
    expect(accepts.map((span) => span.parentSpanContext?.spanId)).toEqual(
      accepts.map(() => request?.spanContext().spanId),
    );
  });

  it('records no personal data in any span', () => {
    const everything = JSON.stringify(exporter.getFinishedSpans().map((span) => span.attributes));
    for (const index of [1, 2, 3, 4]) {
      const registration = dossierRegistration('x', index, BASE) as { applicant: Record<string, string> };
      expect(everything).not.toContain(registration.applicant.personalId);
      expect(everything).not.toContain(registration.applicant.fullName);
      expect(everything).not.toContain(registration.applicant.phone);
    }
  });
});
