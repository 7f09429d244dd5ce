import { TestingModule } from '@nestjs/testing';
import { EnvelopeHeader, OutboxRelay, OutboxWriter, TopicNames, createEnvelope } from '@lgsp/messaging';
import { MetricsRegistry } from '@lgsp/observability';
import { DatabaseService } from '@lgsp/persistence';
import { createTestEnvironment } from '../support/test-environment';
import { readTopic, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

describe('transactional outbox', () => {
  const env = createTestEnvironment('outbox', { KAFKA_TOPIC_PARTITIONS: '3' });
  let app: TestingModule;

  beforeAll(async () => {
    // The consumer is here only so its topics are provisioned; the test reads the topic itself.
    app = await startMessagingApp({ overrides: env.overrides, withRelay: true, behaviour: () => undefined });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('publishes every committed row exactly once, in order per key, after the relay was down', async () => {
    const relay = app.get(OutboxRelay);
    await relay.stop(); // the relay "crashed" between the commits below and their publication
    const db = app.get(DatabaseService);
    const writer = app.get(OutboxWriter);
    const written: { id: string; key: string; seq: number }[] = [];
    for (let batch = 0; batch < 10; batch++) {
      await db.transaction(async (tx) => {
        for (let index = 0; index < 30; index++) {
          const seq = batch * 30 + index;
          const envelope = createEnvelope({
            type: 'test.event',
            contractVersion: 1,
            key: `k-${seq % 7}`,
            payload: { seq },
            source: 'test',
          });
          await writer.add(tx, TEST_TOPIC, envelope);
          written.push({ id: envelope.id, key: envelope.key, seq });
        }
      });
    }
    // A rolled-back transaction leaves nothing to publish.
    await expect(
      db.transaction(async (tx) => {
        await writer.add(
          tx,
          TEST_TOPIC,
          createEnvelope({
            type: 'test.event',
            contractVersion: 1,
            key: 'ghost',
            payload: {},
            source: 'test',
          }),
        );
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    const metrics = await app
      .get(MetricsRegistry)
      .getSingleMetricAsString('lgsp_outbox_oldest_pending_age_seconds');
    expect(Number(/ (\d+(\.\d+)?)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);

    relay.start();
    const messages = await readTopic(new TopicNames(env.prefix).main(TEST_TOPIC), written.length);
    const ids = messages.map((message) => message.headers?.[EnvelopeHeader.id]?.toString());
    expect(new Set(ids).size).toBe(written.length);
    expect(ids.sort()).toEqual(written.map((entry) => entry.id).sort());
    const lastSeqByKey = new Map<string, number>();
    for (const message of messages) {
      const seq = (JSON.parse(message.value!.toString()) as { seq: number }).seq;
      const key = message.key!.toString();
      expect(seq).toBeGreaterThan(lastSeqByKey.get(key) ?? -1);
      lastSeqByKey.set(key, seq);
    }
    expect(await relay.drain()).toBe(0);
  });
});
