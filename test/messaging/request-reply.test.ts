import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
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
  behave: 'answer' | 'refuse' | 'dawdle';
}

/** Every request the handler was given, and whether a dawdling one saw its signal abort. */
const seen: string[] = [];
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
    await env.dropSchema();
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
    expect(failure).toMatchObject({ code: DomainErrorCode.PartnerUnavailable });
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
