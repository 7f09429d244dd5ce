import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { Counter, type Registry } from 'prom-client';
import { Observable } from 'rxjs';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { SpanKind, TraceAttribute, markFailed, startSpan, withSpan } from '@lgsp/observability';
import type { Envelope } from '../envelope/envelope';
import { encodeEnvelope } from '../envelope/envelope-codec';
import { KafkaClient } from '../kafka/kafka-client.service';
import { MessagePublisher } from '../producer/message-publisher.service';
import { TopicNames } from '../topics/topic-names';
import { TopicProvisioner } from '../topics/topic-provisioner.service';
import { OffsetCommitter } from './offset-committer';
import { RequestHeader, decodeReply } from './request-reply';

/** Replies are worth nothing after their deadline; an hour covers a restart's backlog with room to spare. */
const REPLY_RETENTION_MS = 3_600_000;

/**
 * How long, and how many, timed-out request ids are remembered so that a reply arriving for one of them is counted
 * as late rather than taken for another instance's. Bounded both ways: a burst of timeouts costs at most this many
 * small entries, and a reply later than this is no longer told apart from a stranger's (both are dropped).
 */
export const LATE_REPLY_MEMORY = { maxIds: 10_000, forMs: 600_000 } as const;

const LATE_REPLIES_METRIC = 'lgsp_request_reply_late_replies_total';

export interface KafkaBusClientOptions {
  /** Names the app's reply topic (`<prefix>.<name>.replies`) and its consumer group: one per client app. */
  name: string;
  /** How long a request waits for its reply. Its handler is told, and a request read after it is dropped. */
  deadlineMs: number;
}

export interface KafkaBusClientDependencies {
  kafka: KafkaClient;
  publisher: MessagePublisher;
  provisioner: TopicProvisioner;
  config: BusConfig;
  /** Where late replies are counted (the app's /metrics registry); without it they are dropped uncounted. */
  metrics?: Registry;
}

interface Pending {
  settle: (packet: WritePacket) => void;
  timer: NodeJS.Timeout;
}

interface TimedOut {
  pattern: string;
  forgetAt: number;
}

/**
 * Request-reply over Kafka with a deadline, the client side of KafkaBusServer's @MessagePattern handlers. One
 * reply topic per client app; its instances share one consumer group, so each owns some of its partitions and
 * names the first of them in its requests. A reply sent while a rebalance moves that partition reaches another
 * instance, which does not know it: the request then fails at its deadline, like any unanswered one.
 */
export class KafkaBusClient extends ClientProxy {
  private readonly logger = new Logger('KafkaBusClient');
  private readonly names: TopicNames;
  private readonly replyTopic: string;
  private readonly pending = new Map<string, Pending>();
  /** Requests failed at their deadline, oldest first (a Map keeps insertion order). */
  private readonly timedOut = new Map<string, TimedOut>();
  private readonly lateReplies?: Counter<'pattern'>;
  private consumer?: Consumer;
  private committer?: OffsetCommitter;
  private connecting?: Promise<void>;
  private ownedPartition?: number;

  constructor(
    private readonly deps: KafkaBusClientDependencies,
    private readonly options: KafkaBusClientOptions,
  ) {
    super();
    this.names = TopicNames.from(deps.config);
    this.replyTopic = this.names.main(`${options.name}.replies`);
    if (deps.metrics) this.lateReplies = lateRepliesCounter(deps.metrics);
  }

  /** The reply partition this instance owns now (named in its requests); undefined before it joined its group. */
  get replyPartition(): number | undefined {
    return this.ownedPartition;
  }

  /** Sends `envelope` to the handlers of `topic` and emits their reply once, or fails at the deadline. */
  request<TReply>(topic: string, envelope: Envelope): Observable<TReply> {
    return this.send<TReply, Envelope>(topic, envelope);
  }

  connect(): Promise<void> {
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    for (const [requestId, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.settle({
        err: new DomainError(DomainErrorCode.Internal, 'The client closed'),
        isDisposed: true,
      });
      this.pending.delete(requestId);
    }
    const { consumer, committer } = this;
    this.consumer = undefined;
    this.committer = undefined;
    this.connecting = undefined;
    await committer?.stop();
    await consumer?.disconnect();
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('Not connected: call connect() first');
    return this.consumer as unknown as T;
  }

  protected publish(packet: ReadPacket<Envelope>, answer: (packet: WritePacket) => void): () => void {
    const requestId = randomUUID();
    // Ends with the reply, the deadline or the caller giving up; the request carries its context to the responder.
    const span = startSpan(`${String(packet.pattern)}.request`, () => ({
      kind: SpanKind.CLIENT,
      attributes: {
        [TraceAttribute.messageId]: packet.data.id,
        [TraceAttribute.eventType]: packet.data.type,
      },
    }));
    let spanOpen = true;
    const endSpan = (error?: unknown): void => {
      if (!spanOpen) return;
      spanOpen = false;
      if (error !== undefined && error !== null) markFailed(span, error);
      span.end();
    };
    const settle = (written: WritePacket): void => {
      endSpan(written.err);
      answer(written);
    };
    const forget = (): void => {
      clearTimeout(this.pending.get(requestId)?.timer);
      this.pending.delete(requestId);
    };
    // Rxjs tears down after the reply as well as when the caller unsubscribes early.
    const giveUp = (): void => {
      forget();
      endSpan();
    };
    const fail = (error: unknown): void => {
      forget();
      settle({ err: error, isDisposed: true });
    };
    const partition = this.ownedPartition;
    if (partition === undefined) {
      fail(
        new DomainError(
          DomainErrorCode.Internal,
          `No partition of ${this.replyTopic} is assigned to this instance: more instances than partitions`,
        ),
      );
      return giveUp;
    }
    const pattern = String(packet.pattern);
    const deadline = Date.now() + this.options.deadlineMs;
    const timer = setTimeout(() => {
      this.rememberTimedOut(requestId, pattern);
      fail(
        new DomainError(
          DomainErrorCode.DeadlineExceeded,
          `No reply to ${pattern} within ${this.options.deadlineMs} ms`,
        ),
      );
    }, this.options.deadlineMs);
    this.pending.set(requestId, { settle, timer });
    const message = encodeEnvelope(packet.data);
    message.headers = {
      ...message.headers,
      [RequestHeader.requestId]: requestId,
      [RequestHeader.replyTopic]: this.replyTopic,
      [RequestHeader.replyPartition]: String(partition),
      [RequestHeader.deadline]: new Date(deadline).toISOString(),
    };
    const topic = this.names.main(String(packet.pattern));
    // At once, not after the publisher's linger, and uncompressed: the caller is waiting (under load, requests still
    // share batches).
    withSpan(span, () =>
      this.deps.publisher.publishTogether([{ topic, message }], { compress: false }),
    ).catch(fail);
    return giveUp;
  }

  /** emit(): an event to a topic, no reply expected. */
  protected dispatchEvent<T = undefined>(packet: ReadPacket<Envelope>): Promise<T> {
    return this.deps.publisher
      .publish(this.names.main(String(packet.pattern)), packet.data)
      .then(() => undefined as T);
  }

  private async open(): Promise<void> {
    const { kafka, provisioner, config } = this.deps;
    await provisioner.ensure([
      { topic: this.replyTopic, partitions: config.kafka.topicPartitions, retentionMs: REPLY_RETENTION_MS },
    ]);
    const consumer = kafka.consumer(this.names.consumerGroup(`${this.options.name}.replies`));
    const committer = new OffsetCommitter(consumer, this.options.name);
    // Each join (the first and every rebalance) says which partitions this instance now owns.
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        committer.keepOnly(payload.memberAssignment);
        const owned = payload.memberAssignment[this.replyTopic] ?? [];
        this.ownedPartition = owned.length > 0 ? Math.min(...owned) : undefined;
        resolve();
      }),
    );
    await consumer.connect();
    this.consumer = consumer;
    this.committer = committer;
    // From the beginning for a new group: a reply written before the first fetch settled its position is kept.
    await consumer.subscribe({ topics: [this.replyTopic], fromBeginning: true });
    committer.start();
    // Committed in the background (OffsetCommitter): kafkajs would commit after every batch, before fetching again,
    // and a reply arriving meanwhile would wait for that commit and a whole fetch.
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ topic, partition, message }) => {
        this.receive(message);
        committer.read(topic, partition, message.offset);
        return Promise.resolve();
      },
    });
    await joined;
    this.logger.log({ replyTopic: this.replyTopic, partition: this.ownedPartition }, 'Replies arrive here');
  }

  /** Remembers a request failed at its deadline; the oldest are forgotten past either bound. */
  private rememberTimedOut(requestId: string, pattern: string): void {
    const now = Date.now();
    this.timedOut.set(requestId, { pattern, forgetAt: now + LATE_REPLY_MEMORY.forMs });
    for (const [id, entry] of this.timedOut) {
      if (this.timedOut.size <= LATE_REPLY_MEMORY.maxIds && entry.forgetAt > now) break;
      this.timedOut.delete(id);
    }
  }

  private receive(message: KafkaMessage): void {
    const reply = decodeReply(message);
    if (!reply) return;
    const late = this.timedOut.get(reply.requestId);
    if (late) {
      // Its caller was already answered with DeadlineExceeded: nothing is settled twice, the reply is only counted.
      this.timedOut.delete(reply.requestId);
      this.lateReplies?.inc({ pattern: late.pattern });
      this.logger.debug({ requestId: reply.requestId, pattern: late.pattern }, 'A late reply was dropped');
      return;
    }
    const pending = this.pending.get(reply.requestId);
    if (!pending) return; // another instance's, or one whose caller gave up
    clearTimeout(pending.timer);
    this.pending.delete(reply.requestId);
    if ('error' in reply.outcome) pending.settle({ err: reply.outcome.error, isDisposed: true });
    else pending.settle({ response: reply.outcome.response, isDisposed: true });
  }
}

/** Reused when already registered: two clients (or apps) sharing one registry must not register it twice. */
function lateRepliesCounter(registry: Registry): Counter<'pattern'> {
  const existing: unknown = registry.getSingleMetric(LATE_REPLIES_METRIC);
  if (existing instanceof Counter) return existing as Counter<'pattern'>;
  return new Counter({
    name: LATE_REPLIES_METRIC,
    help: 'Replies that arrived after their request had failed at its deadline, dropped (per request pattern)',
    labelNames: ['pattern'],
    registers: [registry],
  });
}
