import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TestingModule } from '@nestjs/testing';
import {
  DeliveryContext,
  InboundMessage,
  MessagePublisher,
  TopicNames,
  consumerGroup,
  createEnvelope,
  encodeEnvelope,
} from '@lgsp/messaging';
import { Transaction } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, startMessagingApp } from '../support/messaging/messaging-app';

const TOPIC = 'case.events';
const COUNT = 60;

async function record(tx: Transaction, message: InboundMessage): Promise<void> {
  await tx.query('INSERT INTO test_effect (message_id, message_key, seq, attempt) VALUES ($1, $2, $3, $4)', [
    message.envelope.id,
    message.envelope.key,
    (message.envelope.payload as { seq: number }).seq,
    message.attempt,
  ]);
}

@Controller()
class BatchingConsumer {
  @EventPattern(TOPIC, consumerGroup('case-batcher', { batch: true }))
  async handle(@Payload() messages: InboundMessage[], @Ctx() delivery: DeliveryContext): Promise<void> {
    for (const message of messages) await record(delivery.getTransaction(), message);
  }
}

describe('consumer runtime: message ids written in upper case', () => {
  const env = createTestEnvironment('idcase', { KAFKA_TOPIC_PARTITIONS: '1' });
  let app: TestingModule;

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({
      overrides: env.overrides,
      withConsumer: false,
      controllers: [BatchingConsumer],
    });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('handles every message of a batch: the ids PostgreSQL claims (lower case) match the decoded ones', async () => {
    const topic = new TopicNames(env.prefix).main(TOPIC);
    const publisher = app.get(MessagePublisher);
    const sent = Array.from({ length: COUNT }, (_, seq) =>
      createEnvelope({
        type: 'test.event',
        contractVersion: 1,
        key: `k-${seq % 5}`,
        payload: { seq },
        source: 'test',
      }),
    );
    // A producer outside the bus may write UUIDs in upper case; the codec accepts them.
    await publisher.publishTogether(
      sent.map((envelope) => ({
        topic,
        message: encodeEnvelope({ ...envelope, id: envelope.id.toUpperCase() }),
      })),
    );
    const rows = await expectEventually(async () => {
      const applied = await effects(env.schema);
      expect(applied).toHaveLength(COUNT);
      return applied;
    });
    expect(rows.map((row) => row.message_id).sort()).toEqual(sent.map((envelope) => envelope.id).sort());
  });
});
