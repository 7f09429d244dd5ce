import { TestingModule } from '@nestjs/testing';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DeadLetterOperations, DeliveryHeader, InboundMessage, TopicNames } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import {
  createEffectTable,
  effects,
  readTopic,
  startMessagingApp,
  publishTestEvent,
} from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

describe('consumer runtime: retries, dead letters and replay', () => {
  // One partition: "not blocked" must mean a later message on the same partition overtakes the failing one.
  const env = createTestEnvironment('retries', {
    KAFKA_TOPIC_PARTITIONS: '1',
    KAFKA_RETRY_DELAYS_MS: '300,300,300',
  });
  const failuresLeft = new Map<string, number>();
  let app: TestingModule;
  const names = new TopicNames(env.prefix);

  const behaviour = (message: InboundMessage): void => {
    const left = failuresLeft.get(message.envelope.key) ?? 0;
    if (left === 0) return;
    failuresLeft.set(message.envelope.key, left - 1);
    if (message.envelope.key.startsWith('unwell')) {
      throw new DomainError(DomainErrorCode.PartnerUnavailable, 'portal answered HTTP 503');
    }
    if (message.envelope.key === 'rejected') {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'applicant.personalId 001099012345 is not valid',
      );
    }
    throw new Error(`partner timed out for citizen 001099012345`);
  };

  const publish = (key: string): Promise<string> => publishTestEvent(app, names.main(TEST_TOPIC), key);

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({ overrides: env.overrides, behaviour });
  });

  afterAll(async () => {
    await app?.close();
    await env.release();
  });

  it('retries a transient failure through the retry topics without blocking the partition', async () => {
    failuresLeft.set('flaky', 2);
    await publish('flaky');
    await publish('steady');
    const rows = await expectEventually(async () => {
      const applied = await effects(env.schema);
      expect(applied.map((row) => row.message_key)).toEqual(['steady', 'flaky']);
      return applied;
    });
    expect(rows[1].attempt).toBe(2);
  });

  it('tries a partner failure again in place, so the same key keeps its order', async () => {
    failuresLeft.set('unwell', 2);
    const first = await publish('unwell');
    const second = await publish('unwell');
    const rows = await expectEventually(async () => {
      const applied = (await effects(env.schema)).filter((row) => row.message_key === 'unwell');
      expect(applied).toHaveLength(2);
      return applied;
    });
    // Same attempt number (no retry topic hop), and the first message still first.
    expect(rows.map((row) => row.attempt)).toEqual([0, 0]);
    expect(rows.map((row) => row.message_id)).toEqual([first, second]);
  });

  it('dead-letters a poison message with its reason, attempts and origin, while others flow on', async () => {
    failuresLeft.set('poison', 1_000);
    failuresLeft.set('rejected', 1);
    await publish('poison');
    await publish('rejected');
    await publish('after-poison');
    await expectEventually(async () =>
      expect((await effects(env.schema)).map((row) => row.message_key)).toContain('after-poison'),
    );

    const letters = await readTopic(names.deadLetter(TEST_TOPIC), 2);
    const byKey = new Map(letters.map((letter) => [letter.key?.toString(), letter.headers ?? {}]));
    const poison = byKey.get('poison')!;
    expect(poison[DeliveryHeader.attempt]?.toString()).toBe('3');
    expect(poison[DeliveryHeader.deadLetterCode]?.toString()).toBe(DomainErrorCode.Internal);
    expect(poison[DeliveryHeader.sourceTopic]?.toString()).toBe(names.main(TEST_TOPIC));
    expect(poison[DeliveryHeader.sourceOffset]).toBeDefined();
    expect(poison[DeliveryHeader.deadLetteredAt]).toBeDefined();
    const reason = poison[DeliveryHeader.deadLetterReason]?.toString() ?? '';
    expect(reason).toContain('partner timed out');
    expect(reason).not.toContain('001099012345');
    const rejected = byKey.get('rejected')!;
    expect(rejected[DeliveryHeader.attempt]?.toString()).toBe('0');
    expect(rejected[DeliveryHeader.deadLetterCode]?.toString()).toBe(DomainErrorCode.ValidationFailed);
  });

  it('lets an operator list, replay and discard dead letters; a replay applies once', async () => {
    const operations = app.get(DeadLetterOperations);
    const open = await expectEventually(async () => {
      const listed = await operations.list({ topic: TEST_TOPIC, status: 'open' });
      expect(listed).toHaveLength(2);
      return listed;
    });
    const poison = open.find((letter) => letter.key === 'poison')!;
    const rejected = open.find((letter) => letter.key === 'rejected')!;
    expect(await operations.list({ reasonCode: DomainErrorCode.ValidationFailed })).toHaveLength(1);

    failuresLeft.set('poison', 0);
    const result = await operations.replay([poison.id, poison.id], 'operator-1');
    expect(result.replayed).toEqual([poison.id]);
    expect((await operations.replay([poison.id], 'operator-2')).replayed).toEqual([]);
    await expectEventually(async () =>
      expect((await effects(env.schema)).filter((row) => row.message_key === 'poison')).toHaveLength(1),
    );

    expect(await operations.discard([rejected.id], 'operator-1', 'citizen filed again')).toEqual([
      rejected.id,
    ]);
    const discarded = await operations.list({ status: 'discarded' });
    expect(discarded[0].resolutionNote).toBe('discarded by operator-1: citizen filed again');
  });
});
