import { TestingModule } from '@nestjs/testing';
import { KafkaClient, MessagePublisher, TopicNames, createEnvelope, encodeEnvelope } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

describe('consumer runtime: idempotent processing', () => {
  const env = createTestEnvironment('idempotency', { KAFKA_TOPIC_PARTITIONS: '6' });
  let app: TestingModule;
  const names = new TopicNames(env.prefix);

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({ overrides: env.overrides });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('applies the same message delivered 50 times concurrently exactly once', async () => {
    const envelope = createEnvelope({
      type: 'test.event',
      contractVersion: 1,
      key: 'k',
      payload: {},
      source: 'test',
    });
    // Fifty copies under fifty keys land on every partition, so they are processed at the same time.
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        app
          .get(MessagePublisher)
          .publishRaw(names.main(TEST_TOPIC), { ...encodeEnvelope(envelope), key: `copy-${index}` }),
      ),
    );
    const marker = createEnvelope({
      type: 'test.event',
      contractVersion: 1,
      key: 'marker',
      payload: {},
      source: 'test',
    });
    await app.get(MessagePublisher).publish(names.main(TEST_TOPIC), marker);

    const admin = app.get(KafkaClient).admin();
    await admin.connect();
    try {
      // Every copy consumed: the group's committed offsets reach the end of every partition.
      await expectEventually(async () => {
        const ends = await admin.fetchTopicOffsets(names.main(TEST_TOPIC));
        const [committed] = await admin.fetchOffsets({
          groupId: names.consumerGroup('recorder'),
          topics: [names.main(TEST_TOPIC)],
        });
        for (const end of ends) {
          const partition = committed.partitions.find((entry) => entry.partition === end.partition);
          expect(partition?.offset).toBe(end.high);
        }
      });
    } finally {
      await admin.disconnect();
    }
    const rows = await effects(env.schema);
    expect(rows.filter((row) => row.message_id === envelope.id)).toHaveLength(1);
    expect(rows.filter((row) => row.message_id === marker.id)).toHaveLength(1);
  });
});
