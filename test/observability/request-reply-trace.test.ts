import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TestingModule } from '@nestjs/testing';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { firstValueFrom } from 'rxjs';
import { BusConfig } from '@lgsp/config';
import { Tracing, startTracing } from '@lgsp/observability';
import {
  InboundMessage,
  KafkaBusClient,
  KafkaClient,
  MessagePublisher,
  TopicProvisioner,
  consumerGroup,
  createEnvelope,
} from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { startMessagingApp } from '../support/messaging/messaging-app';

const LOOKUPS = 'traced.lookups';

@Controller()
class TracedLookupController {
  @MessagePattern(LOOKUPS, consumerGroup('traced-lookup'))
  answer(@Payload() message: InboundMessage): Promise<unknown> {
    return Promise.resolve({ key: message.envelope.key });
  }
}

/** A request and its answer are one trace: the caller's request span is the parent of the responder's span. */
describe('tracing: request-reply over Kafka (KafkaBusClient and @MessagePattern)', () => {
  const env = createTestEnvironment('reqtrace');
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let app: TestingModule;
  let client: KafkaBusClient;

  beforeAll(async () => {
    tracing = startTracing({ serviceName: 'lgsp-test', exporter });
    app = await startMessagingApp({
      overrides: env.overrides,
      withConsumer: false,
      controllers: [TracedLookupController],
    });
    client = new KafkaBusClient(
      {
        kafka: app.get(KafkaClient),
        publisher: app.get(MessagePublisher),
        provisioner: app.get(TopicProvisioner),
        config: app.get(BusConfig),
      },
      { name: 'traced-gateway', deadlineMs: 10_000 },
    );
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await tracing?.stop();
    await env.release();
  });

  it('makes the responder’s span the child of the client’s request span', async () => {
    const envelope = createEnvelope({
      type: 'test.lookup',
      contractVersion: 1,
      key: 'citizen-1',
      payload: {},
      source: 'test',
    });
    await expect(firstValueFrom(client.request(LOOKUPS, envelope))).resolves.toEqual({ key: 'citizen-1' });
    const named = (name: string): ReadableSpan | undefined =>
      exporter.getFinishedSpans().find((span) => span.name === name);
    const [request, respond] = await expectEventually(() => {
      const found = [named(`${LOOKUPS}.request`), named(`${LOOKUPS}.respond`)];
      expect(found).toEqual([expect.anything(), expect.anything()]);
      return found as ReadableSpan[];
    });
    expect(request.kind).toBe(SpanKind.CLIENT);
    expect(respond.kind).toBe(SpanKind.CONSUMER);
    expect(respond.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(respond.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  });
});
