import { randomUUID } from 'node:crypto';
import { TestingModule } from '@nestjs/testing';
import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage as CloudEventsMessage } from 'cloudevents';
import { IHeaders, Kafka, KafkaMessage, Producer, logLevel } from 'kafkajs';
import { DOSSIER_STATUS_CHANGED, DomainError, DomainErrorCode, contractExample } from '@lgsp/contracts';
import {
  DeadLetterOperations,
  Envelope,
  InboundMessage,
  MessagePublisher,
  TopicNames,
  createEnvelope,
} from '@lgsp/messaging';
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
  /** Keys the handler refuses as invalid: such a message is dead-lettered at its first attempt. */
  const refused = new Set<string>();
  const names = new TopicNames(env.prefix);
  const topic = names.main(TEST_TOPIC);
  let app: TestingModule;
  let oldRelease: Producer;

  /** Sends as a producer still running the release before CloudEvents does. */
  const sendAsOldRelease = (envelopes: Envelope[]) =>
    oldRelease.send({
      topic,
      messages: envelopes.map((envelope) => ({
        key: envelope.key,
        value: JSON.stringify(envelope.payload),
        headers: legacyHeaders(envelope),
      })),
    });

  const testEvent = (key: string, payload: object, extra: Partial<Envelope> = {}): Envelope => ({
    ...createEnvelope({ type: 'test.event', contractVersion: 1, key, payload, source: 'test' }),
    ...extra,
  });

  beforeAll(async () => {
    await createEffectTable(env.schema);
    app = await startMessagingApp({
      overrides: env.overrides,
      behaviour: (message: InboundMessage) => {
        handled.push(message.envelope);
        if (refused.has(message.envelope.key))
          throw new DomainError(DomainErrorCode.ValidationFailed, 'refused by the test');
      },
    });
    oldRelease = new Kafka({
      clientId: `${env.prefix}-old-release`,
      brokers: brokers().split(','),
      logLevel: logLevel.NOTHING,
    }).producer();
    await oldRelease.connect();
  });

  afterAll(async () => {
    await oldRelease?.disconnect();
    await app?.close();
    await env.release();
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
    const make = (seq: number, extra: Partial<Envelope> = {}) => testEvent(`k-${seq % 3}`, { seq }, extra);
    const old = Array.from({ length: 6 }, (_, seq) =>
      make(seq, seq === 0 ? { causationId: randomUUID(), supersededAt: '2025-07-01T01:05:00.000Z' } : {}),
    );
    const current = Array.from({ length: 6 }, (_, seq) => make(100 + seq));
    // Old and new producers interleave on one partition, as they do while replicas restart one by one.
    await sendAsOldRelease(old.slice(0, 3));
    for (const envelope of current.slice(0, 3)) await app.get(MessagePublisher).publish(topic, envelope);
    await sendAsOldRelease(old.slice(3));
    for (const envelope of current.slice(3)) await app.get(MessagePublisher).publish(topic, envelope);

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

  it('dead-letters and replays messages of both generations under their own ids', async () => {
    refused.add('refused-new').add('refused-old');
    const current = testEvent('refused-new', { seq: 200 });
    const old = testEvent('refused-old', { seq: 201 });
    await app.get(MessagePublisher).publish(topic, current);
    await sendAsOldRelease([old]);

    const operations = app.get(DeadLetterOperations);
    const letters = await expectEventually(async () => {
      const open = await operations.list({ topic: TEST_TOPIC, status: 'open' });
      expect(open.map((letter) => letter.messageId).sort()).toEqual([current.id, old.id].sort());
      return open;
    });
    const [deadLetter] = (await readTopic(names.deadLetter(TEST_TOPIC), 2)).filter(
      (message) => message.key?.toString() === 'refused-new',
    );
    const event = CloudEventsKafka.toEvent(asCloudEventsMessage(deadLetter));
    if (!(event instanceof CloudEvent)) throw new Error('expected one CloudEvent');
    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({ id: current.id, type: 'vn.gov.lgsp.test.event.v1', data: { seq: 200 } });

    refused.clear();
    const replay = await operations.replay(
      letters.map((letter) => letter.id),
      'operator-1',
    );
    expect(replay.replayed).toHaveLength(2);
    await expectEventually(async () => {
      const applied = (await effects(env.schema)).filter((row) => row.seq === 200 || row.seq === 201);
      expect(applied.map((row) => row.message_id).sort()).toEqual([current.id, old.id].sort());
    });
  });
});
