import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TestingModule } from '@nestjs/testing';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import {
  DeliveryContext,
  InboundMessage,
  MessagePublisher,
  TopicNames,
  consumerGroup,
  createEnvelope,
} from '@lgsp/messaging';
import { DeadLetterRepository, Transaction } from '@lgsp/persistence';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, startMessagingApp } from '../support/messaging/messaging-app';

const TOPIC = 'batch.events';
let batchesHandled = 0;

async function record(tx: Transaction, message: InboundMessage): Promise<void> {
  if (message.envelope.key === 'poison') {
    throw new DomainError(DomainErrorCode.ValidationFailed, 'poison refuses to be applied');
  }
  await tx.query('INSERT INTO test_effect (message_id, message_key, seq, attempt) VALUES ($1, $2, $3, $4)', [
    message.envelope.id,
    message.envelope.key,
    (message.envelope.payload as { seq: number }).seq,
    message.attempt,
  ]);
}

/**
 * Applies a run of messages in one transaction; one poison message makes the whole run fall back to one message
 * at a time (runs of one).
 */
@Controller()
class BatchingConsumer {
  @EventPattern(TOPIC, consumerGroup('batcher', { batch: true }))
  async handle(@Payload() messages: InboundMessage[], @Ctx() delivery: DeliveryContext): Promise<void> {
    if (messages.length > 1) batchesHandled += 1;
    for (const message of messages) await record(delivery.getTransaction(), message);
  }
}

describe('consumer runtime: batch mode', () => {
  const env = createTestEnvironment('batch', { KAFKA_TOPIC_PARTITIONS: '1' });
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

  it('applies runs of messages in one transaction, and a run with a poison message one by one', async () => {
    const topic = new TopicNames(env.prefix).main(TOPIC);
    const publisher = app.get(MessagePublisher);
    const keys = Array.from({ length: 300 }, (_, seq) => (seq === 150 ? 'poison' : `k-${seq % 10}`));
    await Promise.all(
      keys.map((key, seq) =>
        publisher.publish(
          topic,
          createEnvelope({ type: 'test.event', contractVersion: 1, key, payload: { seq }, source: 'test' }),
        ),
      ),
    );
    const rows = await expectEventually(async () => {
      const applied = await effects(env.schema);
      expect(applied).toHaveLength(299);
      return applied;
    });
    expect(new Set(rows.map((row) => row.message_id)).size).toBe(299);
    expect(rows.map((row) => row.seq)).toEqual(keys.flatMap((key, seq) => (key === 'poison' ? [] : [seq])));
    expect(batchesHandled).toBeGreaterThan(0);
    expect(batchesHandled).toBeLessThan(100);
    const letters = await app.get(DeadLetterRepository).list({ topic: TOPIC });
    expect(letters.map((letter) => letter.key)).toEqual(['poison']);
  });
});
