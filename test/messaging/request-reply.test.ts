import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';
import { TestingModule } from '@nestjs/testing';
import { firstValueFrom } from 'rxjs';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import {
  InboundMessage,
  KafkaBusClient,
  KafkaClient,
  MessagePublisher,
  RequestContext,
  TopicProvisioner,
  consumerGroup,
  createEnvelope,
} from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { startMessagingApp } from '../support/messaging/messaging-app';

const LOOKUPS = 'lookup.requests';

interface Lookup {
  n: number;
  behave: 'answer' | 'refuse' | 'dawdle' | 'meet';
}

/** Every request the handler was given, and whether a dawdling one saw its signal abort. */
const seen: string[] = [];
const MEETING = 8;
const meeting: string[] = [];
const waiting: (() => void)[] = [];
const aborted: string[] = [];

@Controller()
class LookupController {
  @MessagePattern(LOOKUPS, consumerGroup('lookup'))
  async answer(@Payload() message: InboundMessage, @Ctx() request: RequestContext): Promise<unknown> {
    const { n, behave } = message.envelope.payload as Lookup;
    seen.push(message.envelope.key);
    switch (behave) {
      case 'answer':
        return { key: message.envelope.key, doubled: n * 2, deadline: request.getDeadline().toISOString() };
      case 'refuse':
        throw new DomainError(DomainErrorCode.NotFound, `no citizen ${n}`);
      case 'meet':
        // Answers only once MEETING requests are inside the handler together.
        meeting.push(message.envelope.key);
        if (meeting.length >= MEETING) for (const release of waiting.splice(0)) release();
        else await new Promise<void>((resolve) => waiting.push(resolve));
        return { met: meeting.length };
      case 'dawdle':
        await new Promise<void>((resolve) => message.signal.addEventListener('abort', () => resolve()));
        aborted.push(message.envelope.key);
        return { late: true };
    }
  }
}

const lookup = (key: string, payload: Lookup) =>
  createEnvelope({ type: 'test.lookup', contractVersion: 1, key, payload, source: 'test' });

describe('request-reply over Kafka with a deadline (KafkaBusClient and @MessagePattern)', () => {
  const env = createTestEnvironment('reqreply', { KAFKA_TOPIC_PARTITIONS: '2' });
  let app: TestingModule;
  const clients: KafkaBusClient[] = [];
  /** OffsetCommit requests sent, per consumer group id (of every consumer the app and its clients create). */
  const offsetCommits = new Map<string, number>();
  const makeConsumer = KafkaClient.prototype.consumer;
  jest.spyOn(KafkaClient.prototype, 'consumer').mockImplementation(function (
    this: KafkaClient,
    ...args: Parameters<KafkaClient['consumer']>
  ): Consumer {
    const consumer = makeConsumer.apply(this, args);
    offsetCommits.set(args[0], offsetCommits.get(args[0]) ?? 0);
    consumer.on(consumer.events.REQUEST, ({ payload }) => {
      if (payload.apiName !== 'OffsetCommit') return;
      offsetCommits.set(args[0], (offsetCommits.get(args[0]) ?? 0) + 1);
    });
    return consumer;
  });

  const client = async (name: string, deadlineMs: number): Promise<KafkaBusClient> => {
    const created = new KafkaBusClient(
      {
        kafka: app.get(KafkaClient),
        publisher: app.get(MessagePublisher),
        provisioner: app.get(TopicProvisioner),
        config: app.get(BusConfig),
      },
      { name, deadlineMs },
    );
    clients.push(created);
    await created.connect();
    return created;
  };

  beforeAll(async () => {
    app = await startMessagingApp({
      overrides: env.overrides,
      withConsumer: false,
      controllers: [LookupController],
    });
  });

  afterAll(async () => {
    for (const created of clients) await created.close();
    await app?.close();
    await env.release();
  });

  it('answers each instance on the reply partition it owns', async () => {
    const [first, second] = [await client('gateway', 10_000), await client('gateway', 10_000)];
    // One reply topic, one group: after the second joined, each instance owns a partition of its own.
    await expectEventually(() => {
      expect(first.replyPartition).toBeDefined();
      expect(second.replyPartition).toBeDefined();
      expect(first.replyPartition).not.toBe(second.replyPartition);
    });
    const ask = (from: KafkaBusClient, key: string, n: number) =>
      firstValueFrom(
        from.request<{ key: string; doubled: number; deadline: string }>(
          LOOKUPS,
          lookup(key, { n, behave: 'answer' }),
        ),
      );
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) => ask(n % 2 === 0 ? first : second, `citizen-${n}`, n)),
    );
    expect(replies.map((reply) => [reply.key, reply.doubled])).toEqual(
      Array.from({ length: 20 }, (_, n) => [`citizen-${n}`, n * 2]),
    );
    // The handler knows when its caller stops waiting.
    expect(Date.parse(replies[0].deadline)).toBeGreaterThan(Date.now());
  });

  it('answers requests of one partition side by side, not one after the other', async () => {
    const asking = await client('side-by-side', 10_000);
    // One key: one partition. Answered in turn, the first would wait forever for the others and miss its deadline.
    const replies = await Promise.all(
      Array.from({ length: MEETING }, () =>
        firstValueFrom(asking.request<{ met: number }>(LOOKUPS, lookup('one-key', { n: 0, behave: 'meet' }))),
      ),
    );
    expect(replies.every((reply) => reply.met >= MEETING)).toBe(true);
  });

  it('does not make each request and reply wait for an offset commit (commits in the background)', async () => {
    const asking = await client('one-by-one', 10_000);
    const groups = [...offsetCommits.keys()];
    const responderGroup = groups.find((group) => group.endsWith('lookup'));
    const replyGroup = groups.find((group) => group.endsWith('one-by-one.replies'));
    expect([responderGroup, replyGroup]).toEqual([expect.any(String), expect.any(String)]);
    const before = new Map(offsetCommits);
    const started = Date.now();
    // One after the other: each request and each reply is a fetched batch of its own.
    for (let n = 0; n < 20; n += 1) {
      await firstValueFrom(asking.request(LOOKUPS, lookup(`one-by-one-${n}`, { n, behave: 'answer' })));
    }
    const seconds = Math.ceil((Date.now() - started) / 1_000);
    const commitsOf = (group: string): number => (offsetCommits.get(group) ?? 0) - (before.get(group) ?? 0);
    // kafkajs's auto-commit sends one per batch, before its next fetch: 20 or more each.
    expect(commitsOf(responderGroup!)).toBeLessThanOrEqual(seconds + 1);
    expect(commitsOf(replyGroup!)).toBeLessThanOrEqual(seconds + 1);
    // Still committed: a restarted responder does not read them again.
    const admin = app.get(KafkaClient).admin();
    await admin.connect();
    try {
      const topic = `${env.overrides.TOPIC_PREFIX}.${LOOKUPS}`;
      const ends = await admin.fetchTopicOffsets(topic);
      await expectEventually(async () => {
        const [committed] = await admin.fetchOffsets({ groupId: responderGroup!, topics: [topic] });
        expect(committed.partitions.map(({ partition, offset }) => [partition, offset]).sort()).toEqual(
          ends.map(({ partition, offset }) => [partition, offset]).sort(),
        );
      });
    } finally {
      await admin.disconnect();
    }
  });

  it('returns a handler’s refusal as its DomainError', async () => {
    const asking = await client('refusals', 10_000);
    const failure = await firstValueFrom(
      asking.request(LOOKUPS, lookup('refused', { n: 7, behave: 'refuse' })),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: DomainErrorCode.NotFound, message: 'no citizen 7' });
  });

  it('fails a request at its deadline and cancels the handler’s work', async () => {
    const impatient = await client('impatient', 1_500);
    const started = Date.now();
    const failure = await firstValueFrom(
      impatient.request(LOOKUPS, lookup('slow', { n: 1, behave: 'dawdle' })),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: DomainErrorCode.DeadlineExceeded });
    expect((failure as Error).message).toContain('No reply to lookup.requests within 1500 ms');
    await expectEventually(() => expect(aborted).toContain('slow'));
  });

  it('drops a request read after its deadline, unanswered and unhandled', async () => {
    const hasty = await client('hasty', 1);
    await expect(
      firstValueFrom(hasty.request(LOOKUPS, lookup('same-partition', { n: 1, behave: 'answer' }))),
    ).rejects.toThrow('within 1 ms');
    // Same key, same partition, read after it: once this one is answered, the first was read and passed over.
    const patient = await client('patient', 10_000);
    await firstValueFrom(patient.request(LOOKUPS, lookup('same-partition', { n: 2, behave: 'answer' })));
    expect(seen.filter((key) => key === 'same-partition')).toHaveLength(1);
  });
});
