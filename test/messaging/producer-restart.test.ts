import { randomBytes } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import {
  EnvelopeHeader,
  MessagePublisher,
  TopicNames,
  createEnvelope,
  encodeEnvelope,
} from '@lgsp/messaging';
import { MetricsRegistry } from '@lgsp/observability';
import { brokers, createTestEnvironment } from '../support/test-environment';
import { readTopic, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

const KEYS = Array.from({ length: 12 }, (_, index) => `k-${index}`);

describe('publisher: the idempotent producer after a failed send', () => {
  const env = createTestEnvironment('producer', { KAFKA_TOPIC_PARTITIONS: '3' });
  const topic = new TopicNames(env.prefix).main(TEST_TOPIC);
  const admin = new Kafka({
    clientId: 'test-admin',
    brokers: brokers().split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  let app: TestingModule;

  const envelope = (key: string, payload: Record<string, unknown>) =>
    createEnvelope({ type: 'test.event', contractVersion: 1, key, payload, source: 'test' });

  beforeAll(async () => {
    await admin.connect();
    app = await startMessagingApp({ overrides: env.overrides });
  });

  afterAll(async () => {
    await app?.close();
    await admin.disconnect();
    await env.release();
  });

  it('is replaced, so that later sends are neither dropped as duplicates nor refused as out of order', async () => {
    const publisher = app.get(MessagePublisher);
    await publisher.publish(topic, envelope('warm-up', {}));
    // The broker refuses the partition batch holding the big message; the request's other partitions are
    // written, and kafkajs rolls the sequence numbers of all of them back.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'max.message.bytes', value: '65536' }],
        },
      ],
    });
    const big = envelope('big', { scan: randomBytes(150_000).toString('base64') });
    await expect(
      publisher.publishTogether(
        [big, ...KEYS.map((key) => envelope(key, { first: true }))].map((sent) => ({
          topic,
          message: encodeEnvelope(sent),
        })),
      ),
    ).rejects.toThrow();

    // The same number of messages per partition again: with the old sequence numbers, the broker would take
    // them for the batches it already has and acknowledge them without writing them.
    const later = KEYS.map((key) => envelope(key, { first: false }));
    await Promise.all(later.map((sent) => publisher.publish(topic, sent)));

    const offsets = await admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    const onKafka = new Set(
      (await readTopic(topic, total)).map((message) => message.headers?.[EnvelopeHeader.id]?.toString()),
    );
    expect(later.filter((sent) => !onKafka.has(sent.id)).map((sent) => sent.key)).toEqual([]);
    const restarts = await app.get(MetricsRegistry).getSingleMetricAsString('lgsp_producer_restarts_total');
    expect(restarts).toMatch(/^lgsp_producer_restarts_total 1$/m);
  });
});
