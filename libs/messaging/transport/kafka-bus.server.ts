import { Injectable } from '@nestjs/common';
import {
  BaseRpcContext,
  CustomTransportStrategy,
  MessageHandler as PatternHandler,
  Server,
} from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { ConsumerRuntime } from '../consumer/consumer-runtime';
import type { InboundMessage } from '../consumer/inbound-message';
import type { ConsumerDefinition, FailureNotice } from '../consumer/message-handler';
import { DeliveryContext, RequestContext } from './delivery-context';
import { BusHandlerExtras, busHandlerExtras, isFailedDeliveriesPattern } from './handler-options';
import { RequestResponder, ResponderDefinition } from './request-responder';

/** Messages of a database-only handler run in one transaction. */
const DATABASE_ONLY_RUN = 500;

interface EventRoute extends BusHandlerExtras {
  topic: string;
  handler: PatternHandler;
}

/**
 * The bus's Nest transport: runs the app's @EventPattern handlers on the consumer runtime (retry topics, in-place
 * backoff, dead letters, idempotent processing in the handler's transaction, batch mode, pauses, bounded handler
 * time) and its @MessagePattern handlers as request-reply over Kafka.
 *
 * A handler's pattern is its logical topic and its extras name its consumer group (`consumerGroup()`). Nest's
 * own bookkeeping keys handlers by pattern alone and runs every event handler of a pattern together; here two
 * groups reading one topic are two independent consumers, so handlers are keyed by group and topic.
 */
@Injectable()
export class KafkaBusServer extends Server implements CustomTransportStrategy {
  private readonly events = new Map<string, Map<string, EventRoute>>();
  private readonly failures = new Map<string, PatternHandler>();
  private readonly requests = new Map<string, Map<string, PatternHandler>>();

  constructor(
    private readonly runtime: ConsumerRuntime,
    private readonly responder: RequestResponder,
  ) {
    super();
  }

  override addHandler(
    pattern: unknown,
    callback: PatternHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    if (isFailedDeliveriesPattern(pattern)) {
      const group = pattern.failedDeliveriesOf;
      if (this.failures.has(group)) throw new Error(`Failed deliveries of ${group} already have a handler`);
      this.failures.set(group, callback);
      return;
    }
    if (typeof pattern !== 'string') {
      throw new Error(`A bus handler's pattern is a topic name; ${JSON.stringify(pattern)} is not`);
    }
    const options = busHandlerExtras(pattern, extras);
    const group = options.consumerGroup;
    if (isEventHandler) {
      const routes = this.events.get(group) ?? new Map<string, EventRoute>();
      this.events.set(
        group,
        claim(routes, group, pattern, { ...options, topic: pattern, handler: callback }),
      );
    } else {
      const routes = this.requests.get(group) ?? new Map<string, PatternHandler>();
      this.requests.set(group, claim(routes, group, pattern, callback));
    }
  }

  /** Starts every consumer group; Nest resolves the app's listen() when the callback runs. */
  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.runtime.stop(), this.responder.stop()]);
  }

  on(): never {
    throw new Error('The bus transport emits no events of its own');
  }

  unwrap<T>(): T {
    return this.runtime as unknown as T;
  }

  private async start(): Promise<void> {
    const orphans = [...this.failures.keys()].filter((group) => !this.events.has(group));
    if (orphans.length > 0) {
      throw new Error(`Failed deliveries are handled for unknown consumer groups: ${orphans.join(', ')}`);
    }
    // One Kafka group id per name: events and requests of one name would take each other's partitions.
    const shared = [...this.requests.keys()].filter((group) => this.events.has(group));
    if (shared.length > 0) {
      throw new Error(`Consumer groups with both event and request handlers: ${shared.join(', ')}`);
    }
    const consumers = [...this.events].map(([group, routes]) => this.consumer(group, [...routes.values()]));
    await Promise.all([this.runtime.start(consumers), this.responder.start(this.responders())]);
  }

  private consumer(group: string, routes: EventRoute[]): ConsumerDefinition {
    const [first] = routes;
    const agree = (route: EventRoute): boolean =>
      route.batch === first.batch &&
      route.databaseOnly === first.databaseOnly &&
      route.idempotent === first.idempotent;
    if (!routes.every(agree)) {
      throw new Error(
        `The handlers of consumer group ${group} must agree on batch, databaseOnly and idempotent`,
      );
    }
    const byTopic = new Map(routes.map((route) => [route.topic, route]));
    const deliver = async (messages: InboundMessage[], context: DeliveryContext): Promise<void> => {
      const route = byTopic.get(messages[0].topic)!;
      if (route.batch) {
        await this.invoke(route.handler, messages, context);
        return;
      }
      // A database-only handler's run: its messages one at a time, in order, in the run's transaction.
      for (const message of messages) await this.invoke(route.handler, message, context);
    };
    const onFailure = this.failures.get(group);
    return {
      options: {
        name: group,
        topics: [...byTopic.keys()],
        idempotent: first.idempotent,
        // A database-only run holds its transaction for writes alone: longer runs, fewer commits.
        ...(first.databaseOnly && !first.batch ? { runLength: DATABASE_ONLY_RUN } : {}),
      },
      handler: {
        handle: async (message, tx) => {
          await deliver([message], new DeliveryContext([group, tx]));
        },
        handleBatch:
          first.batch || first.databaseOnly
            ? async (messages, tx) => {
                await deliver(messages, new DeliveryContext([group, tx]));
              }
            : undefined,
        onFailure: onFailure
          ? async (notice: FailureNotice) => {
              await this.invoke(onFailure, notice, new BaseRpcContext([group]));
            }
          : undefined,
      },
    };
  }

  private responders(): ResponderDefinition[] {
    return [...this.requests].map(([group, routes]) => ({
      consumerGroup: group,
      handlers: new Map(
        [...routes].map(([topic, handler]) => [
          topic,
          (message: InboundMessage, deadline: Date) =>
            this.invoke(handler, message, new RequestContext([group, deadline])),
        ]),
      ),
    }));
  }

  /**
   * Runs a handler through Nest (pipes, guards, interceptors, filters) and settles with its outcome: its value,
   * or its error as thrown (DeliveryErrorFilter keeps Nest from replacing it).
   */
  private async invoke(handler: PatternHandler, data: unknown, context: BaseRpcContext): Promise<unknown> {
    const result: unknown = await handler(data, context);
    return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
  }
}

function claim<T>(routes: Map<string, T>, group: string, topic: string, route: T): Map<string, T> {
  if (routes.has(topic)) throw new Error(`Consumer group ${group} has two handlers for ${topic}`);
  return routes.set(topic, route);
}
