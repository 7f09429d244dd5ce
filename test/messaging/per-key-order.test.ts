import { TestingModule } from '@nestjs/testing';
import { MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

describe('consumer runtime: 10,000 messages over 6 partitions', () => {
  const env = createTestEnvironment('order', {
    KAFKA_TOPIC_PARTITIONS: '6',
    KAFKA_PARTITIONS_CONCURRENCY: '6',
  });
  let app: TestingModule;

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({ overrides: env.overrides });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('processes partitions concurrently, keeps each key in order, and loses nothing', async () => {
    const keys = Array.from({ length: 200 }, (_, index) => `DOSSIER-${index}`);
    const perKey = 50;
    const topic = new TopicNames(env.prefix).main(TEST_TOPIC);
    const publisher = app.get(MessagePublisher);
    const sends: Promise<void>[] = [];
    for (let seq = 0; seq < perKey; seq++) {
      for (const key of keys) {
        sends.push(
          publisher.publish(
            topic,
            createEnvelope({ type: 'test.event', contractVersion: 1, key, payload: { seq }, source: 'test' }),
          ),
        );
      }
    }
    await Promise.all(sends);

    const rows = await expectEventually(
      async () => {
        const applied = await effects(env.schema);
        expect(applied.length).toBeGreaterThanOrEqual(keys.length * perKey);
        return applied;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((row) => row.message_id)).size).toBe(10_000);
    const seen = new Map<string, number>();
    for (const row of rows) {
      const previous = seen.get(row.message_key) ?? -1;
      expect(row.seq).toBe(previous + 1);
      seen.set(row.message_key, row.seq ?? -1);
    }
  });
});
