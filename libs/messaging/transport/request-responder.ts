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
import { TopicNames } from '../topics/topic-names';
import { TopicProvisioner } from '../topics/topic-provisioner.service';
import { Reply, ReplyAddress, encodeReply, replyAddressOf } from './request-reply';

/** Answers one request; what it returns is the reply. */
export type RequestHandler = (message: InboundMessage, deadline: Date) => Promise<unknown>;

export interface ResponderDefinition {
  consumerGroup: string;
  /** Per logical request topic, its handler. */
  handlers: Map<string, RequestHandler>;
}

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
  private readonly consumers: Consumer[] = [];

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
    const { topicPartitions: partitions, topicRetentionMs: retentionMs } = this.config.kafka;
    await this.provisioner.ensure(
      [...new Set(topics)].map((topic) => ({ topic: this.names.main(topic), partitions, retentionMs })),
    );
    await Promise.all(definitions.map((definition) => this.run(definition)));
  }

  async stop(): Promise<void> {
    const consumers = this.consumers.splice(0);
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private async run({ consumerGroup, handlers }: ResponderDefinition): Promise<void> {
    const consumer = this.kafka.consumer(this.names.consumerGroup(consumerGroup));
    const logicalOf = new Map([...handlers.keys()].map((topic) => [this.names.main(topic), topic]));
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    this.consumers.push(consumer);
    // A request older than this consumer has no caller waiting any more.
    await consumer.subscribe({ topics: [...logicalOf.keys()], fromBeginning: false });
    await consumer.run({
      partitionsConsumedConcurrently: this.config.kafka.partitionsConcurrency,
      eachMessage: async ({ topic, partition, message }) => {
        const logical = logicalOf.get(topic) ?? topic;
        await this.answer(consumerGroup, handlers.get(logical)!, { topic: logical, partition, message });
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
        await this.publisher.publishRaw(address.topic, encodeReply(address, reply));
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
