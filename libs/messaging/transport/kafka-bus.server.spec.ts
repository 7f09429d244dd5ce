import { BaseRpcContext, MessageHandler as PatternHandler } from '@nestjs/microservices';
import { of } from 'rxjs';
import type { Transaction } from '@lgsp/persistence';
import type { ConsumerRuntime } from '../consumer/consumer-runtime';
import type { InboundMessage } from '../consumer/inbound-message';
import type { ConsumerDefinition } from '../consumer/message-handler';
import type { RequestResponder, ResponderDefinition } from './request-responder';
import { DeliveryContext } from './delivery-context';
import { consumerGroup, failedDeliveriesOf } from './handler-options';
import { KafkaBusServer } from './kafka-bus.server';

/** What the server handed the runtime and the responder when it listened. */
function server(): {
  bus: KafkaBusServer;
  consumers: ConsumerDefinition[];
  responders: ResponderDefinition[];
} {
  const consumers: ConsumerDefinition[] = [];
  const responders: ResponderDefinition[] = [];
  const runtime = {
    start: (definitions: ConsumerDefinition[]) => Promise.resolve(void consumers.push(...definitions)),
  };
  const responder = {
    start: (definitions: ResponderDefinition[]) => Promise.resolve(void responders.push(...definitions)),
  };
  const bus = new KafkaBusServer(
    runtime as unknown as ConsumerRuntime,
    responder as unknown as RequestResponder,
  );
  return { bus, consumers, responders };
}

/** A handler as Nest hands it over: it records its arguments and answers through an observable. */
function handler(calls: unknown[][], answer: unknown = undefined): PatternHandler {
  return (...args: unknown[]) => {
    calls.push(args);
    return Promise.resolve(of(answer));
  };
}

const listen = (bus: KafkaBusServer): Promise<unknown> =>
  new Promise((resolve) => bus.listen((error?: unknown) => resolve(error)));

const message = (topic: string): InboundMessage =>
  ({ topic, envelope: { id: 'm-1' }, partition: 0, offset: '0', attempt: 0 }) as unknown as InboundMessage;

const tx = {} as Transaction;

describe('KafkaBusServer', () => {
  it('refuses a handler that names no consumer group', () => {
    expect(() => server().bus.addHandler('dossier.events', handler([]), true, {})).toThrow(
      /The handler of "dossier.events" names no consumer group/,
    );
  });

  it('refuses two handlers of one group for one topic', () => {
    const { bus } = server();
    bus.addHandler('dossier.events', handler([]), true, consumerGroup('portal'));
    expect(() => bus.addHandler('dossier.events', handler([]), true, consumerGroup('portal'))).toThrow(
      'Consumer group portal has two handlers for dossier.events',
    );
  });

  it('runs two groups reading one topic as two consumers, each with its own handler', async () => {
    const { bus, consumers } = server();
    const [portal, trace] = [[], []] as unknown[][][];
    bus.addHandler('dossier.events', handler(portal), true, consumerGroup('portal', { batch: true }));
    bus.addHandler('dossier.events', handler(trace), true, consumerGroup('trace', { idempotent: false }));
    expect(await listen(bus)).toBeUndefined();
    expect(consumers.map(({ options }) => options)).toEqual([
      { name: 'portal', topics: ['dossier.events'], idempotent: true },
      { name: 'trace', topics: ['dossier.events'], idempotent: false },
    ]);
    const [portalConsumer, traceConsumer] = consumers;
    await portalConsumer.handler.handle(message('dossier.events'), tx);
    await traceConsumer.handler.handle(message('dossier.events'), tx);
    // A batch handler always receives a run, one message long when the runtime goes one by one.
    expect(portal[0][0]).toEqual([message('dossier.events')]);
    expect(trace[0][0]).toEqual(message('dossier.events'));
    expect(trace[0][1]).toBeInstanceOf(DeliveryContext);
    expect((trace[0][1] as DeliveryContext).getTransaction()).toBe(tx);
    expect(traceConsumer.handler.handleBatch).toBeUndefined();
    expect(portalConsumer.handler.handleBatch).toBeDefined();
  });

  it('hands a database-only group’s run to its handler one message at a time, in order, in the run’s transaction', async () => {
    const { bus, consumers } = server();
    const calls: unknown[][] = [];
    bus.addHandler('dossier.events', handler(calls), true, consumerGroup('trace', { databaseOnly: true }));
    await listen(bus);
    const run = [message('dossier.events'), { ...message('dossier.events'), offset: '8' }];
    await consumers[0].handler.handleBatch!(run, tx);
    expect(calls.map(([data]) => data)).toEqual(run);
    expect(calls.map(([, context]) => (context as DeliveryContext).getTransaction())).toEqual([tx, tx]);
    expect(consumers[0].options.runLength).toBe(500);
  });

  it('tells a group’s failure handler of its failed deliveries', async () => {
    const { bus, consumers } = server();
    const failures: unknown[][] = [];
    bus.addHandler('dossier.events', handler([]), true, consumerGroup('portal'));
    bus.addHandler(failedDeliveriesOf('portal'), handler(failures), true, {});
    await listen(bus);
    const notice = {
      key: 'k',
      topic: 'dossier.events',
      attempt: 0,
      outcome: 'retried',
      code: 'internal',
      reason: 'x',
    };
    await consumers[0].handler.onFailure!({ ...notice, outcome: 'retried' });
    expect(failures[0][0]).toEqual(notice);
    expect(failures[0][1]).toBeInstanceOf(BaseRpcContext);
  });

  it.each([
    [
      'handlers of one group disagreeing on batch',
      (bus: KafkaBusServer) => {
        bus.addHandler('a.events', handler([]), true, consumerGroup('portal', { batch: true }));
        bus.addHandler('b.events', handler([]), true, consumerGroup('portal'));
      },
      'The handlers of consumer group portal must agree on batch, databaseOnly and idempotent',
    ],
    [
      'failed deliveries of a group without handlers',
      (bus: KafkaBusServer) => bus.addHandler(failedDeliveriesOf('nobody'), handler([]), true, {}),
      'Failed deliveries are handled for unknown consumer groups: nobody',
    ],
    [
      'one group name for events and requests',
      (bus: KafkaBusServer) => {
        bus.addHandler('a.events', handler([]), true, consumerGroup('portal'));
        bus.addHandler('a.requests', handler([]), false, consumerGroup('portal'));
      },
      'Consumer groups with both event and request handlers: portal',
    ],
  ])('does not start with %s', async (_case, declare, problem) => {
    const { bus } = server();
    declare(bus);
    expect(await listen(bus)).toEqual(new Error(problem));
  });

  it('hands request handlers to the responder, answering with the handler’s value', async () => {
    const { bus, responders } = server();
    bus.addHandler('citizen.verification', handler([], { exists: true }), false, consumerGroup('population'));
    await listen(bus);
    const answer = responders[0].handlers.get('citizen.verification')!;
    expect(responders[0].consumerGroup).toBe('population');
    await expect(answer(message('citizen.verification'), new Date())).resolves.toEqual({ exists: true });
  });
});
