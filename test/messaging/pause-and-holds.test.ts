import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TestingModule } from '@nestjs/testing';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import {
  ConsumerRuntime,
  DeliveryContext,
  DeliveryHeader,
  FailureNotice,
  InboundMessage,
  MessagePublisher,
  TopicNames,
  consumerGroup,
  createEnvelope,
  encodeEnvelope,
  failedDeliveriesOf,
} from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import {
  createEffectTable,
  effects,
  startMessagingApp,
  publishTestEvent,
} from '../support/messaging/messaging-app';

const TOPIC = 'hold.events';
const CONSUMER = 'holder';
const PARTITIONS = 2;
const HOPS = 3;

/** What the test steers: a gate a message waits at, and every failure the runtime reported. */
const gate = {
  entered: false,
  release: undefined as (() => void) | undefined,
};
const notices: FailureNotice[] = [];
let invokedWhileParked = 0;
let parked = false;

@Controller()
class HoldingConsumer {
  @EventPattern(TOPIC, consumerGroup(CONSUMER))
  async handle(@Payload() message: InboundMessage, @Ctx() delivery: DeliveryContext): Promise<void> {
    if (parked) invokedWhileParked += 1;
    if (message.envelope.key === 'gate' && message.attempt === 0 && !gate.entered) {
      gate.entered = true;
      await new Promise<void>((resolve) => (gate.release = resolve));
      // The partner failed it: the runtime holds this partition and tries again in place.
      throw new DomainError(DomainErrorCode.PartnerUnavailable, 'portal answered HTTP 503');
    }
    await delivery
      .getTransaction()
      .query('INSERT INTO test_effect (message_id, message_key, seq, attempt) VALUES ($1, $2, NULL, $3)', [
        message.envelope.id,
        message.envelope.key,
        message.attempt,
      ]);
  }

  @EventPattern(failedDeliveriesOf(CONSUMER))
  onFailure(@Payload() notice: FailureNotice): Promise<void> {
    notices.push(notice);
    return Promise.resolve();
  }
}

/** Every partition of every topic the consumer reads: it is alone in its group, so it holds them all. */
function everyPartition(names: TopicNames): Map<string, number[]> {
  const all = new Map<string, number[]>();
  const partitions = Array.from({ length: PARTITIONS }, (_, partition) => partition);
  all.set(names.main(TOPIC), partitions);
  for (let hop = 1; hop <= HOPS; hop++) all.set(names.retry(TOPIC, CONSUMER, hop), partitions);
  return all;
}

function asMap(paused: { topic: string; partitions: number[] }[]): Map<string, number[]> {
  return new Map(paused.map(({ topic, partitions }) => [topic, [...partitions].sort()]));
}

describe('consumer runtime: a parked consumer and partition holds', () => {
  const env = createTestEnvironment('holds', {
    KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
    KAFKA_RETRY_DELAYS_MS: '300,300,300',
  });
  const names = new TopicNames(env.prefix);
  let app: TestingModule;
  let runtime: ConsumerRuntime;

  const publish = (key: string): Promise<string> => publishTestEvent(app, names.main(TOPIC), key);

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({
      overrides: env.overrides,
      withConsumer: false,
      controllers: [HoldingConsumer],
    });
    runtime = app.get(ConsumerRuntime);
  });

  afterAll(async () => {
    gate.release?.();
    await app?.close();
    await env.release();
  });

  it('keeps every partition paused when a partition is held while the consumer is parked', async () => {
    await publish('gate');
    await expectEventually(() => expect(gate.entered).toBe(true));
    runtime.pause(CONSUMER);
    parked = true;
    expect(asMap(runtime.pausedPartitions(CONSUMER))).toEqual(everyPartition(names));
    // The gated message fails while the consumer is parked: its partition is held for an in-place retry.
    gate.release?.();
    await expectEventually(() =>
      expect(notices.map((notice) => [notice.key, notice.outcome])).toContainEqual(['gate', 'backing-off']),
    );
    // Meanwhile traffic arrives on every partition; none of it may run until the partner is back.
    const waiting = await Promise.all(Array.from({ length: 10 }, (_, index) => publish(`late-${index}`)));
    expect(asMap(runtime.pausedPartitions(CONSUMER))).toEqual(everyPartition(names));
    expect(runtime.isPaused(CONSUMER)).toBe(true);
    parked = false;
    runtime.resume(CONSUMER);
    await expectEventually(async () => {
      const applied = (await effects(env.schema)).map((row) => row.message_id);
      expect(applied).toEqual(expect.arrayContaining(waiting));
      expect(applied).toHaveLength(waiting.length + 1);
    });
    expect(invokedWhileParked).toBe(0);
  });

  it('keeps a held retry partition paused when the consumer is parked and resumed', async () => {
    // A retry whose turn is a minute away: its partition waits, paused, for that long.
    const envelope = createEnvelope({
      type: 'test.event',
      contractVersion: 1,
      key: 'later',
      payload: {},
      source: 'test',
    });
    const encoded = encodeEnvelope(envelope);
    const retryTopic = names.retry(TOPIC, CONSUMER, 1);
    await app.get(MessagePublisher).publishRaw(retryTopic, {
      ...encoded,
      headers: {
        ...encoded.headers,
        [DeliveryHeader.attempt]: '1',
        [DeliveryHeader.notBefore]: new Date(Date.now() + 60_000).toISOString(),
      },
    });
    const held = await expectEventually(() => {
      const paused = runtime.pausedPartitions(CONSUMER);
      expect(paused.map((entry) => entry.topic)).toEqual([retryTopic]);
      return paused;
    });
    runtime.pause(CONSUMER);
    expect(asMap(runtime.pausedPartitions(CONSUMER))).toEqual(everyPartition(names));
    runtime.resume(CONSUMER);
    // The partner is back, but the retry's turn has not come: its partition stays held, the rest run.
    expect(runtime.pausedPartitions(CONSUMER)).toEqual(held);
    const after = await publish('after-resume');
    await expectEventually(async () =>
      expect((await effects(env.schema)).map((row) => row.message_id)).toContain(after),
    );
    expect(runtime.pausedPartitions(CONSUMER)).toEqual(held);
    expect((await effects(env.schema)).map((row) => row.message_key)).not.toContain('later');
  });
});
