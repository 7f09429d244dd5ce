import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { IHeaders, KafkaMessage } from 'kafkajs';
import { BusConfig } from '@lgsp/config';
import { DeadLetterRepository } from '@lgsp/persistence';
import { maskFreeText } from '@lgsp/observability';
import { headerText, messageIdOf } from '../envelope/envelope-codec';
import { MessagePublisher } from '../producer/message-publisher.service';
import { TopicNames } from '../topics/topic-names';
import { DeliveryHeader } from './delivery-headers';

export interface FailedDelivery {
  consumer: string;
  /** Logical main topic. */
  topic: string;
  /** Where this copy was read: the main topic or one of its retry topics. */
  physicalTopic: string;
  partition: number;
  message: KafkaMessage;
  attempt: number;
}

const MAX_REASON_LENGTH = 500;

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = headerText(headers, name);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/** Reasons travel in headers and rows that operators read: no personal ID numbers, bounded length. */
export function safeReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return maskFreeText(text).slice(0, MAX_REASON_LENGTH);
}

/** Moves a failed message on: to its next retry hop, or to the dead-letter topic and store. */
@Injectable()
export class FailureRouter {
  private readonly logger = new Logger('FailureRouter');
  private readonly names: TopicNames;

  constructor(
    private readonly config: BusConfig,
    private readonly publisher: MessagePublisher,
    private readonly deadLetters: DeadLetterRepository,
  ) {
    this.names = TopicNames.from(config);
  }

  /** The original place of a message, kept across hops so a dead letter names where it first arrived. */
  private origin(delivery: FailedDelivery): Record<string, string> {
    const headers = delivery.message.headers;
    return {
      [DeliveryHeader.sourceTopic]: headerText(headers, DeliveryHeader.sourceTopic) ?? delivery.physicalTopic,
      [DeliveryHeader.sourcePartition]:
        headerText(headers, DeliveryHeader.sourcePartition) ?? String(delivery.partition),
      [DeliveryHeader.sourceOffset]:
        headerText(headers, DeliveryHeader.sourceOffset) ?? delivery.message.offset,
    };
  }

  /** Returns false when the retries are spent and the caller should dead-letter instead. */
  async retry(delivery: FailedDelivery, error: unknown): Promise<boolean> {
    const delays = this.config.kafka.retryDelaysMs;
    const hop = delivery.attempt + 1;
    if (hop > delays.length) return false;
    const notBefore = new Date(Date.now() + delays[hop - 1]);
    await this.publisher.publishRaw(this.names.retry(delivery.topic, delivery.consumer, hop), {
      key: delivery.message.key,
      value: delivery.message.value,
      headers: {
        ...textHeaders(delivery.message.headers),
        ...this.origin(delivery),
        [DeliveryHeader.attempt]: String(hop),
        [DeliveryHeader.notBefore]: notBefore.toISOString(),
        [DeliveryHeader.lastError]: safeReason(error),
      },
    });
    return true;
  }

  async deadLetter(delivery: FailedDelivery, code: string, error: unknown): Promise<void> {
    const reason = safeReason(error);
    const origin = this.origin(delivery);
    const deadLetteredAt = new Date().toISOString();
    const headers = {
      ...textHeaders(delivery.message.headers),
      ...origin,
      [DeliveryHeader.attempt]: String(delivery.attempt),
      [DeliveryHeader.deadLetterCode]: code,
      [DeliveryHeader.deadLetterReason]: reason,
      [DeliveryHeader.deadLetteredAt]: deadLetteredAt,
      [DeliveryHeader.consumerGroup]: this.names.consumerGroup(delivery.consumer),
    };
    const topic = this.names.deadLetter(delivery.topic);
    await this.publisher.publishRaw(topic, {
      key: delivery.message.key,
      value: delivery.message.value,
      headers,
    });
    const messageId = messageIdOf(delivery.message.headers);
    await this.deadLetters.record({
      // An undecodable message may have no usable id; its place in the log identifies it instead.
      messageId: messageId && /^[0-9a-f-]{36}$/i.test(messageId) ? messageId : syntheticId(origin),
      consumerGroup: this.names.consumerGroup(delivery.consumer),
      topic: delivery.topic,
      sourceTopic: origin[DeliveryHeader.sourceTopic],
      sourcePartition: Number(origin[DeliveryHeader.sourcePartition]),
      sourceOffset: origin[DeliveryHeader.sourceOffset],
      key: delivery.message.key?.toString('utf8') ?? null,
      headers,
      value: delivery.message.value,
      reasonCode: code,
      reason,
      attempts: delivery.attempt + 1,
    });
    this.logger.warn(
      { topic: delivery.topic, code, reason, attempts: delivery.attempt + 1 },
      'Message dead-lettered',
    );
  }
}

/** A stable UUID-shaped id from a message's original position, so redelivery does not duplicate the row. */
function syntheticId(origin: Record<string, string>): string {
  const hex = createHash('sha256').update(Object.values(origin).join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
