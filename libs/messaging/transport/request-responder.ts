import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { Span } from '@opentelemetry/api';
import {
  CorrelationContext,
  SpanKind,
  TraceAttribute,
  contextFromHeaders,
  inSpan,
  markFailed,
} from '@lgsp/observability';
import { errorCodeOf } from '../consumer/failure-disposition';
import { safeReason } from '../consumer/failure-router';
import type { InboundMessage } from '../consumer/inbound-message';
import { decodeEnvelope } from '../envelope/envelope-codec';
import { KafkaClient } from '../kafka/kafka-client.service';
import { MessagePublisher } from '../producer/message-publisher.service';
import { REQUEST_TOPIC_RETENTION_MS, TopicNames } from '../topics/topic-names';
import { TopicProvisioner } from '../topics/topic-provisioner.service';
import { OffsetCommitter } from './offset-committer';
import { Reply, ReplyAddress, encodeReply, replyAddressOf } from './request-reply';

/** Answers one request; what it returns is the reply. */
export type RequestHandler = (message: InboundMessage, deadline: Date) => Promise<unknown>;

export interface ResponderDefinition {
  consumerGroup: string;
  /** Per logical request topic, its handler. */
  handlers: Map<string, RequestHandler>;
}

/** Requests one responder process answers at once; partner limits (bulkheads) apply within it. */
const MAX_REQUESTS_IN_FLIGHT = 256;

/**
 * Runs request handlers (@MessagePattern): each request is answered on the partition its caller named, or not
 * at all once the caller's deadline passed. A caller waits, so nothing here is retried or dead-lettered: a failed
 * handler answers with its error code, and a request met after its deadline is dropped. Handler time is bounded
 * by the deadline and the handler timeout, so a slow handler never costs the group its partitions.
 */
@Injectable()
export class RequestResponder implements OnModuleDestroy {
  private readonly logger = new Logger('RequestResponder');
  private readonly names: TopicNames;
  private readonly consumers: { consumer: Consumer; committer: OffsetCommitter }[] = [];
  /** Requests being answered: a caller waits on each, so none waits behind another's partner call. */
  private readonly answering = new Set<Promise<void>>();

  constructor(
    private readonly kafka: KafkaClient,
    private readonly publisher: MessagePublisher,
    private readonly provisioner: TopicProvisioner,
    private readonly config: BusConfig,
  ) {
    this.names = TopicNames.from(config);
  }

  async start(definitions: ResponderDefinition[]): Promise<void> {
    const topics = definitions.flatMap((definition) => [...definition.handlers.keys()]);
    if (topics.length === 0) return;
    const partitions = this.config.kafka.topicPartitions;
    await this.provisioner.ensure(
      [...new Set(topics)].map((topic) => ({
        topic: this.names.main(topic),
        partitions,
        retentionMs: REQUEST_TOPIC_RETENTION_MS,
      })),
    );
    await Promise.all(definitions.map((definition) => this.run(definition)));
  }

  /** Stops taking requests, then lets those being answered finish (each is bounded by its deadline). */
  async stop(): Promise<void> {
    const consumers = this.consumers.splice(0);
    await Promise.all(
      consumers.map(async ({ consumer, committer }) => {
        await committer.stop();
        await consumer.disconnect();
      }),
    );
    await Promise.allSettled([...this.answering]);
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private async run({ consumerGroup, handlers }: ResponderDefinition): Promise<void> {
    const consumer = this.kafka.consumer(this.names.consumerGroup(consumerGroup));
    const logicalOf = new Map([...handlers.keys()].map((topic) => [this.names.main(topic), topic]));
    const committer = new OffsetCommitter(consumer, consumerGroup);
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        committer.keepOnly(payload.memberAssignment);
        resolve();
      }),
    );
    await consumer.connect();
    this.consumers.push({ consumer, committer });
    // A request older than this consumer has no caller waiting any more.
    await consumer.subscribe({ topics: [...logicalOf.keys()], fromBeginning: false });
    committer.start();
    await consumer.run({
      partitionsConsumedConcurrently: this.config.kafka.partitionsConcurrency,
      // Committed in the background (OffsetCommitter): kafkajs would commit after every batch, before fetching again.
      autoCommit: false,
      // Requests need no order between them: each is answered as soon as it arrives, up to a bound, rather than
      // after the one before it on its partition (which would add every earlier partner call to its wait).
      // Its offset is committed (within a second) once its answer started: a request lost in a crash fails at its
      // caller's deadline, like any unanswered one; it is not tried again.
      eachMessage: async ({ topic, partition, message }) => {
        while (this.answering.size >= MAX_REQUESTS_IN_FLIGHT) await Promise.race(this.answering);
        const logical = logicalOf.get(topic) ?? topic;
        const answered: Promise<void> = this.answer(consumerGroup, handlers.get(logical)!, {
          topic: logical,
          partition,
          message,
        })
          .catch((error: unknown) => this.logger.error({ err: error }, 'A request could not be answered'))
          .finally(() => this.answering.delete(answered));
        this.answering.add(answered);
        committer.read(topic, partition, message.offset);
      },
    });
    await joined;
    this.logger.log({ consumerGroup }, 'Request consumer joined its group');
  }

  private async answer(
    consumerGroup: string,
    handler: RequestHandler,
    request: { topic: string; partition: number; message: KafkaMessage },
  ): Promise<void> {
    const address = replyAddressOf(request.message.headers);
    if (!address) {
      this.logger.warn(
        { consumerGroup, topic: request.topic },
        'A request naming no reply address was dropped',
      );
      return;
    }
    if (address.deadline <= Date.now()) {
      this.logger.debug({ requestId: address.requestId }, 'A request past its deadline was dropped');
      return;
    }
    // A child of the caller's request span; the reply, published inside it, carries it back.
    const span = () => ({
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(request.message.headers),
      attributes: { [TraceAttribute.consumer]: consumerGroup, 'messaging.destination.name': request.topic },
    });
    await inSpan(`${request.topic}.respond`, span, async (active) => {
      const reply = await this.reply(handler, request, address, active);
      if (address.deadline <= Date.now()) return; // its caller has given up on it
      try {
        // At once, not after the publisher's linger, and uncompressed: someone is waiting (under load, replies still
        // share requests).
        await this.publisher.publishTogether(
          [{ topic: address.topic, message: encodeReply(address, reply) }],
          { compress: false },
        );
      } catch (error) {
        // The caller's deadline answers for it; the request is not tried again (someone is waiting, not a queue).
        markFailed(active, error);
        this.logger.error({ err: error, requestId: address.requestId }, 'A reply could not be published');
      }
    });
  }

  private async reply(
    handler: RequestHandler,
    { topic, partition, message }: { topic: string; partition: number; message: KafkaMessage },
    address: ReplyAddress,
    span: Span,
  ): Promise<Reply> {
    const limitMs = Math.min(address.deadline - Date.now(), this.config.kafka.handlerTimeoutMs);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new DomainError(DomainErrorCode.PartnerUnavailable, `No answer within ${limitMs} ms`);
        controller.abort(error);
        reject(error);
      }, limitMs);
    });
    try {
      const envelope = decodeEnvelope(message);
      const inbound: InboundMessage = {
        envelope,
        topic,
        partition,
        offset: message.offset,
        attempt: 0,
        signal: controller.signal,
      };
      const work = CorrelationContext.run(envelope.correlationId, () =>
        handler(inbound, new Date(address.deadline)),
      );
      // Its late outcome no longer matters: the caller was answered with the timeout.
      work.catch((error: unknown) => this.logger.debug({ err: error }, 'Request handler settled late'));
      return { response: await Promise.race([work, timeout]) };
    } catch (error) {
      markFailed(span, error);
      return { err: { code: errorCodeOf(error), message: safeReason(error) } };
    } finally {
      clearTimeout(timer);
    }
  }
}
