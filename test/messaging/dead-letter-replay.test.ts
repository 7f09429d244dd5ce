import { randomBytes, randomUUID } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { Topics } from '@lgsp/contracts';
import { DeadLetterOperations, KafkaClient, TopicNames } from '@lgsp/messaging';
import { DeadLetterRepository } from '@lgsp/persistence';
import { createTestEnvironment } from '../support/test-environment';
import { readTopic, startMessagingApp } from '../support/messaging/messaging-app';

describe('dead letters: replay', () => {
  const env = createTestEnvironment('replay', { KAFKA_TOPIC_PARTITIONS: '1', KAFKA_COMPRESSION: 'none' });
  const topic = new TopicNames(env.prefix).main(Topics.dossierEvents);
  let app: TestingModule;

  beforeAll(async () => {
    app = await startMessagingApp({ overrides: env.overrides, withConsumer: false });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  /** The broker's own limit on one message in the topic: a replay above it is refused at once. */
  async function setMaxMessageBytes(value: string): Promise<void> {
    const admin = app.get(KafkaClient).admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: [{ name: 'max.message.bytes', value }],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
  }

  it('marks a letter replayed only once its message was published', async () => {
    const repository = app.get(DeadLetterRepository);
    const messageId = randomUUID();
    await repository.record({
      messageId,
      consumerGroup: `${env.prefix}.national-portal`,
      topic: Topics.dossierEvents,
      sourceTopic: topic,
      sourcePartition: 0,
      sourceOffset: '7',
      key: 'H56.22-replay-000001',
      headers: { 'lgsp-id': messageId, 'content-type': 'application/json' },
      // Random text does not compress: the message stays above the limit set below.
      value: Buffer.from(JSON.stringify({ filler: randomBytes(4_000).toString('base64') })),
      reasonCode: 'rejected_by_partner',
      reason: 'refused',
      attempts: 1,
    });
    const [letter] = await repository.list({ status: 'open' });
    const operations = app.get(DeadLetterOperations);

    await setMaxMessageBytes('1024');
    const refused: unknown = await operations
      .replay([letter.id], 'operator-1')
      .catch((error: unknown) => error);
    // The broker refused the copy: the letter is still there to replay, and the operator is told why.
    expect((await repository.list({ status: 'open' })).map((open) => open.id)).toEqual([letter.id]);
    expect(refused).toMatchObject({
      replayed: [],
      failed: [{ id: letter.id, reason: expect.stringMatching(/larger than the max message size/) }],
    });

    await setMaxMessageBytes('1048588');
    const done = await operations.replay([letter.id], 'operator-1');
    expect(done).toMatchObject({ replayed: [letter.id], failed: [] });
    expect((await repository.list({ status: 'replayed' })).map((replayed) => replayed.id)).toEqual([
      letter.id,
    ]);
    const [published] = await readTopic(topic, 1);
    expect(published.key?.toString()).toBe('H56.22-replay-000001');
  });
});
