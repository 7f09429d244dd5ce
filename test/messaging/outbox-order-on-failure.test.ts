import { randomBytes } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { ConfigResourceTypes, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { EnvelopeHeader, OutboxRelay, OutboxWriter, TopicNames, createEnvelope } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { brokers, createTestEnvironment } from '../support/test-environment';
import { readTopic, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

const ENTRIES = 500;
const KEYS = 7;

describe('transactional outbox: a relay pass whose first request fails', () => {
  // The publisher's requests hold 400 messages: one relay pass of 500 entries spans two of them.
  const env = createTestEnvironment('outboxfail', {
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_BATCH_MAX_MESSAGES: '400',
  });
  const topic = new TopicNames(env.prefix).main(TEST_TOPIC);
  const kafka = new Kafka({
    clientId: 'test-admin',
    brokers: brokers().split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let app: TestingModule;

  const limitMessageBytes = (bytes: number) =>
    admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'max.message.bytes', value: String(bytes) }],
        },
      ],
    });

  /** Everything on the topic now, partition by partition in log order. */
  const everything = async (): Promise<KafkaMessage[]> => {
    const offsets = await admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    return total === 0 ? [] : readTopic(topic, total);
  };
  const seqOf = (message: KafkaMessage): number =>
    (JSON.parse(message.value!.toString()) as { seq: number }).seq;

  beforeAll(async () => {
    await admin.connect();
    app = await startMessagingApp({ overrides: env.overrides, withRelay: true });
  });

  afterAll(async () => {
    await app?.close();
    await admin.disconnect();
    await env.release();
  });

  it('publishes nothing after the failed request, so each dossier keeps its order on Kafka', async () => {
    const relay = app.get(OutboxRelay);
    await relay.stop();
    // The broker refuses a record batch above 64 kB; the first entry alone is bigger (random, so gzip cannot help).
    await limitMessageBytes(65_536);
    const writer = app.get(OutboxWriter);
    await app.get(DatabaseService).transaction(async (tx) => {
      for (let seq = 0; seq < ENTRIES; seq++) {
        const payload = seq === 0 ? { seq, scan: randomBytes(150_000).toString('base64') } : { seq };
        await writer.add(
          tx,
          TEST_TOPIC,
          createEnvelope({
            type: 'test.event',
            contractVersion: 1,
            key: `k-${seq % KEYS}`,
            payload,
            source: 'test',
          }),
        );
      }
    });

    await expect(relay.drain()).rejects.toThrow();
    // Entries after the failed request's (ids 401-500) were not sent in that pass.
    expect((await everything()).map(seqOf).filter((seq) => seq >= 400)).toEqual([]);

    await limitMessageBytes(10_485_760);
    expect(await relay.drain()).toBe(ENTRIES);

    const messages = await everything();
    const firstCopies = new Map<string, KafkaMessage>();
    for (const message of messages) {
      const id = message.headers![EnvelopeHeader.id]!.toString();
      if (!firstCopies.has(id)) firstCopies.set(id, message); // what an idempotent consumer keeps
    }
    expect(firstCopies.size).toBe(ENTRIES);
    const lastSeqByKey = new Map<string, number>();
    for (const message of firstCopies.values()) {
      const key = message.key!.toString();
      expect(seqOf(message)).toBeGreaterThan(lastSeqByKey.get(key) ?? -1);
      lastSeqByKey.set(key, seqOf(message));
    }
  });
});
