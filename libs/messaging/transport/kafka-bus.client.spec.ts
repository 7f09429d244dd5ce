import type { KafkaMessage, Message } from 'kafkajs';
import { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { validateEnvironment } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { createEnvelope } from '../envelope/envelope';
import type { KafkaClient } from '../kafka/kafka-client.service';
import type { MessagePublisher } from '../producer/message-publisher.service';
import type { TopicProvisioner } from '../topics/topic-provisioner.service';
import { KafkaBusClient } from './kafka-bus.client';
import { RequestHeader, encodeReply, replyAddressOf } from './request-reply';

type EachMessage = (payload: { topic: string; partition: number; message: KafkaMessage }) => Promise<void>;

/**
 * A client on stand-ins for Kafka: the requests it publishes are kept, and `deliver` hands its reply consumer a
 * message as the broker would. What is tested is the client's bookkeeping, not the broker.
 */
async function connectedClient(deadlineMs: number, metrics = new Registry()) {
  const sent: Message[] = [];
  let eachMessage: EachMessage | undefined;
  const config = validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092', TOPIC_PREFIX: 'unit' });
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join' },
    on: (_event: string, listener: (event: { payload: unknown }) => void) =>
      setImmediate(() => listener({ payload: { memberAssignment: { 'unit.gateway.replies': [0] } } })),
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: (options: { eachMessage: EachMessage }) => {
      eachMessage = options.eachMessage;
      return Promise.resolve();
    },
    commitOffsets: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
  };
  const client = new KafkaBusClient(
    {
      kafka: { consumer: () => consumer } as unknown as KafkaClient,
      publisher: {
        publishTogether: (messages: { message: Message }[]) =>
          Promise.resolve(void sent.push(...messages.map((entry) => entry.message))),
      } as unknown as MessagePublisher,
      provisioner: { ensure: () => Promise.resolve() } as unknown as TopicProvisioner,
      config,
      metrics,
    },
    { name: 'gateway', deadlineMs },
  );
  await client.connect();
  const deliver = (request: Message, response: unknown): Promise<void> => {
    const address = replyAddressOf(request.headers);
    if (!address || !eachMessage) throw new Error('no reply address or consumer');
    const reply = encodeReply(address, { response });
    return eachMessage({
      topic: 'unit.gateway.replies',
      partition: 0,
      message: { ...reply, offset: '0' } as unknown as KafkaMessage,
    });
  };
  return { client, sent, deliver, metrics };
}

const lookup = (key: string) =>
  createEnvelope({ type: 'test.lookup', contractVersion: 1, key, payload: {}, source: 'test' });

async function lateReplies(metrics: Registry): Promise<number> {
  const metric = await metrics.getSingleMetric('lgsp_request_reply_late_replies_total')?.get();
  return metric?.values.find((value) => value.labels.pattern === 'lookup.requests')?.value ?? 0;
}

describe('KafkaBusClient', () => {
  it('fails an unanswered request at its deadline with DeadlineExceeded', async () => {
    const { client } = await connectedClient(20);
    const failure = await firstValueFrom(client.request('lookup.requests', lookup('a'))).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({
      code: DomainErrorCode.DeadlineExceeded,
      message: 'No reply to lookup.requests within 20 ms',
    });
    await client.close();
  });

  it('drops and counts a reply that arrives after its deadline, settling nothing', async () => {
    const { client, sent, deliver, metrics } = await connectedClient(20);
    const outcomes: unknown[] = [];
    await new Promise<void>((resolve) =>
      client.request('lookup.requests', lookup('late')).subscribe({
        next: (value) => void outcomes.push({ value }),
        error: (error: unknown) => resolve(void outcomes.push({ error })),
      }),
    );
    expect(outcomes).toEqual([
      { error: expect.objectContaining({ code: DomainErrorCode.DeadlineExceeded }) },
    ]);

    await deliver(sent[0], { answer: 'too late' });
    expect(outcomes).toHaveLength(1);
    expect(await lateReplies(metrics)).toBe(1);

    // The same reply again (a redelivery) is no longer a known request: dropped, not counted twice.
    await deliver(sent[0], { answer: 'too late' });
    expect(await lateReplies(metrics)).toBe(1);
    await client.close();
  });

  it('does not count a reply in time, nor one for a request it never sent', async () => {
    const { client, sent, deliver, metrics } = await connectedClient(5_000);
    const answered = firstValueFrom(client.request<{ answer: string }>('lookup.requests', lookup('ok')));
    await new Promise((resolve) => setImmediate(resolve)); // the request is published on the next turn
    await deliver(sent[0], { answer: 'in time' });
    await expect(answered).resolves.toEqual({ answer: 'in time' });
    const stranger: Message = {
      ...sent[0],
      headers: { ...sent[0].headers, [RequestHeader.requestId]: 'someone-else' },
    };
    await deliver(stranger, { answer: 'not ours' });
    expect(await lateReplies(metrics)).toBe(0);
    await client.close();
  });

  it('shares one counter between clients of one registry', async () => {
    const metrics = new Registry();
    const first = await connectedClient(20, metrics);
    const second = await connectedClient(20, metrics);
    expect(metrics.getMetricsAsArray()).toHaveLength(1);
    await first.client.close();
    await second.client.close();
  });
});
