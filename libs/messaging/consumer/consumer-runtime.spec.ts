import { validateEnvironment } from '@lgsp/config';
import type { DatabaseService, ProcessedMessageRepository } from '@lgsp/persistence';
import type { Consumer } from 'kafkajs';
import type { KafkaClient } from '../kafka/kafka-client.service';
import type { TopicProvisioner } from '../topics/topic-provisioner.service';
import { ConsumerRuntime } from './consumer-runtime';
import type { FailureRouter } from './failure-router';
import type { HandlerTimeoutMetrics } from './handler-timeout.metrics';

type Listener = (event: { payload: Record<string, unknown> }) => void;

/** A kafkajs consumer that joins at once and lets the test raise its instrumentation events. */
function fakeConsumer(): { consumer: Consumer; emit: (event: string, payload: object) => void } {
  const listeners = new Map<string, Listener[]>();
  const events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
  const emit = (event: string, payload: object): void =>
    (listeners.get(event) ?? []).forEach((listener) => listener({ payload: { ...payload } }));
  const consumer = {
    events,
    on: (event: string, listener: Listener) =>
      listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: () => Promise.resolve(setImmediate(() => emit(events.GROUP_JOIN, {}))),
    disconnect: () => Promise.resolve(),
    paused: () => [],
    pause: () => undefined,
    resume: () => undefined,
  } as unknown as Consumer;
  return { consumer, emit };
}

function runtimeOver(consumer: Consumer): ConsumerRuntime {
  return new ConsumerRuntime(
    { consumer: () => consumer } as unknown as KafkaClient,
    { ensure: () => Promise.resolve() } as unknown as TopicProvisioner,
    validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092' }),
    {} as DatabaseService,
    {} as ProcessedMessageRepository,
    {} as FailureRouter,
    { record: () => undefined } as unknown as HandlerTimeoutMetrics,
  );
}

const PORTAL_CONSUMER = {
  options: { name: 'national-portal', topics: ['dossier.events'] },
  handler: { handle: () => Promise.resolve() },
};

describe('ConsumerRuntime', () => {
  it('parks a consumer whose call was refused while its partner is down, and not once the partner is back', async () => {
    const runtime = runtimeOver(fakeConsumer().consumer);
    let partnerDown = false;
    runtime.followPartners(() => partnerDown);
    await runtime.start([PORTAL_CONSUMER]);

    // The refusal is routed after another partition's probe closed the breaker: nothing would resume a park now.
    runtime.parkAfterRefusal('national-portal');
    expect(runtime.isPaused('national-portal')).toBe(false);

    partnerDown = true;
    runtime.parkAfterRefusal('national-portal');
    expect(runtime.isPaused('national-portal')).toBe(true);
    await runtime.stop();
  });

  it('drops a consumer that crashed for good from its running list, and keeps one the client restarts', async () => {
    const { consumer, emit } = fakeConsumer();
    const runtime = runtimeOver(consumer);
    await runtime.start([PORTAL_CONSUMER]);
    expect(runtime.consumerNames()).toEqual(['national-portal']);

    emit(consumer.events.CRASH, { error: new Error('broker went away'), restart: true });
    expect(runtime.consumerNames()).toEqual(['national-portal']);

    emit(consumer.events.CRASH, { error: new Error('not retriable'), restart: false });
    expect(runtime.consumerNames()).toEqual([]);
  });
});
