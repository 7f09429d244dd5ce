import { randomUUID } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage as CloudEventsMessage } from 'cloudevents';
import { IHeaders, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { DOSSIER_STATUS_CHANGED, contractExample } from '@lgsp/contracts';
import { Envelope, InboundMessage, MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { brokers, createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, readTopic, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

/** A plain reader sees what kafka-console-consumer shows: header values as text, the key as text. */
function asCloudEventsMessage(message: KafkaMessage): CloudEventsMessage {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  return {
    key: message.key?.toString('utf8'),
    value: message.value?.toString('utf8'),
    headers,
    body: message.value?.toString('utf8'),
  } as unknown as CloudEventsMessage;
}

/** The headers the bus wrote before it spoke CloudEvents, as a producer still running the old release sends them. */
function legacyHeaders(envelope: Envelope): IHeaders {
  return {
    'lgsp-id': envelope.id.toUpperCase(),
    'lgsp-type': envelope.type,
    'lgsp-contract-version': String(envelope.contractVersion),
    'lgsp-correlation-id': envelope.correlationId,
    ...(envelope.causationId ? { 'lgsp-causation-id': envelope.causationId } : {}),
    'lgsp-occurred-at': envelope.occurredAt,
    'lgsp-source': envelope.source,
    ...(envelope.supersededAt ? { 'lgsp-superseded-at': envelope.supersededAt } : {}),
    'content-type': 'application/json',
  };
}

describe('CloudEvents on the bus (Kafka protocol binding, binary mode)', () => {
  const env = createTestEnvironment('cloudevents', { KAFKA_TOPIC_PARTITIONS: '1' });
  const handled: Envelope[] = [];
  let app: TestingModule;
  let topic: string;

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({
      overrides: env.overrides,
      behaviour: (message: InboundMessage) => void handled.push(message.envelope),
    });
    topic = new TopicNames(env.prefix).main(TEST_TOPIC);
  });

  afterAll(async () => {
    await app?.close();
    await env.dropSchema();
  });

  it('publishes a message a plain Kafka reader parses with the CloudEvents SDK into the contract payload', async () => {
    const payload = contractExample(DOSSIER_STATUS_CHANGED, 2);
    const envelope = createEnvelope({
      type: DOSSIER_STATUS_CHANGED,
      contractVersion: 2,
      key: String(payload.dossierCode),
      payload,
      source: 'gateway',
      causedBy: { id: randomUUID(), correlationId: randomUUID() },
    });
    await app.get(MessagePublisher).publish(topic, envelope);

    const [message] = await readTopic(topic, 1);
    const event = CloudEventsKafka.toEvent(asCloudEventsMessage(message));
    if (!(event instanceof CloudEvent)) throw new Error('expected one CloudEvent');
    expect(event.validate()).toBe(true);
    expect(event.data).toEqual(payload);
    expect(event).toMatchObject({
      specversion: '1.0',
      id: envelope.id,
      source: 'gateway',
      type: 'vn.gov.lgsp.dossier.status-changed.v2',
      time: envelope.occurredAt,
      subject: payload.dossierCode,
      datacontenttype: 'application/json',
      partitionkey: payload.dossierCode,
      contractversion: '2',
      correlationid: envelope.correlationId,
      causationid: envelope.causationId,
    });
    // The bus's own consumer reads the same message back into the envelope it was written from.
    const decoded = await expectEventually(() => {
      const found = handled.find((each) => each.id === envelope.id);
      expect(found).toBeDefined();
      return found;
    });
    expect(decoded).toEqual(envelope);
  });

  it('handles a topic holding messages of both generations during a rolling upgrade', async () => {
    const make = (seq: number, extra: Partial<Envelope> = {}): Envelope => ({
      ...createEnvelope({
        type: 'test.event',
        contractVersion: 1,
        key: `k-${seq % 3}`,
        payload: { seq },
        source: 'test',
      }),
      ...extra,
    });
    const old = Array.from({ length: 6 }, (_, seq) =>
      make(seq, seq === 0 ? { causationId: randomUUID(), supersededAt: '2025-07-01T01:05:00.000Z' } : {}),
    );
    const current = Array.from({ length: 6 }, (_, seq) => make(100 + seq));

    const kafka = new Kafka({
      clientId: `${env.prefix}-old-release`,
      brokers: brokers().split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const send = (envelopes: Envelope[]) =>
        producer.send({
          topic,
          messages: envelopes.map((envelope) => ({
            key: envelope.key,
            value: JSON.stringify(envelope.payload),
            headers: legacyHeaders(envelope),
          })),
        });
      // Old and new producers interleave on one partition, as they do while replicas restart one by one.
      await send(old.slice(0, 3));
      for (const envelope of current.slice(0, 3)) await app.get(MessagePublisher).publish(topic, envelope);
      await send(old.slice(3));
      for (const envelope of current.slice(3)) await app.get(MessagePublisher).publish(topic, envelope);
    } finally {
      await producer.disconnect();
    }

    // Only this test's messages count: the table also holds the first test's.
    const ids = new Set([...old, ...current].map((envelope) => envelope.id));
    const rows = await expectEventually(async () => {
      const applied = (await effects(env.schema)).filter((row) => ids.has(row.message_id));
      expect(applied).toHaveLength(old.length + current.length);
      return applied;
    });
    expect(rows.map((row) => row.message_id).sort()).toEqual(
      [...old, ...current].map((envelope) => envelope.id.toLowerCase()).sort(),
    );
    expect(rows.every((row) => row.attempt === 0)).toBe(true);
    const byId = new Map(handled.map((envelope) => [envelope.id, envelope]));
    for (const envelope of [...old, ...current]) {
      expect(byId.get(envelope.id)).toEqual({ ...envelope, causationId: envelope.causationId });
    }
  });
});
