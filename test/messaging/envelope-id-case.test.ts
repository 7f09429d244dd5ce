import { Injectable } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import {
  InboundMessage,
  MessageConsumer,
  MessageHandler,
  MessagePublisher,
  TopicNames,
  createEnvelope,
  encodeEnvelope,
} from '@lgsp/messaging';
import { Transaction } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, startMessagingApp } from './support/messaging-app';

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

@Injectable()
@MessageConsumer({ name: 'case-batcher', topics: [TOPIC] })
class BatchingConsumer implements MessageHandler {
  handle(message: InboundMessage, tx: Transaction): Promise<void> {
    return record(tx, message);
  }

  async handleBatch(messages: InboundMessage[], tx: Transaction): Promise<void> {
    for (const message of messages) await record(tx, message);
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
      providers: [BatchingConsumer],
    });
  });

  afterAll(async () => {
    await app?.close();
    await env.dropSchema();
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
