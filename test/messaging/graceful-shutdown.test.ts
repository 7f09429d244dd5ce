import { TestingModule } from '@nestjs/testing';
import { MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

const TOTAL = 600;
const KEYS = 12;

describe('consumer runtime: a graceful shutdown (a deploy)', () => {
  // Short retry delays: a message wrongly routed to a retry topic during shutdown shows up within the test.
  const env = createTestEnvironment('shutdown', {
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_RETRY_DELAYS_MS: '200',
  });
  let publisherApp: TestingModule;
  let successor: TestingModule | undefined;

  beforeAll(async () => {
    await createEffectTable(env.schema);
    publisherApp = await startMessagingApp({ overrides: env.overrides, withConsumer: false });
  });

  afterAll(async () => {
    await successor?.close();
    await publisherApp?.close();
    await env.release();
  });

  it('finishes in-flight messages before closing the pool: none is retried, per-key order kept', async () => {
    // A little work per message, so the shutdown lands while a fetched batch is being processed.
    const slow = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 3));
    const leaving = await startMessagingApp({ overrides: env.overrides, behaviour: slow });
    const topic = new TopicNames(env.prefix).main(TEST_TOPIC);
    const publisher = publisherApp.get(MessagePublisher);
    await Promise.all(
      Array.from({ length: TOTAL }, (_, seq) =>
        publisher.publish(
          topic,
          createEnvelope({
            type: 'test.event',
            contractVersion: 1,
            key: `k-${seq % KEYS}`,
            payload: { seq },
            source: 'test',
          }),
        ),
      ),
    );
    await expectEventually(async () => expect((await effects(env.schema)).length).toBeGreaterThan(50), {
      intervalMs: 10,
    });
    await leaving.close();
    expect((await effects(env.schema)).length).toBeLessThan(TOTAL);

    successor = await startMessagingApp({ overrides: env.overrides });
    const rows = await expectEventually(
      async () => {
        const applied = await effects(env.schema);
        expect(new Set(applied.map((row) => row.message_id)).size).toBe(TOTAL);
        return applied;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    // A message that failed during the shutdown would have come back from its retry topic (attempt 1), after
    // later messages of its dossier: the reordering a deploy must not cause.
    expect(rows.filter((row) => row.attempt > 0)).toEqual([]);
    const lastSeqByKey = new Map<string, number>();
    for (const row of rows) {
      expect(row.seq).toBeGreaterThan(lastSeqByKey.get(row.message_key) ?? -1);
      lastSeqByKey.set(row.message_key, row.seq!);
    }
  });
});
