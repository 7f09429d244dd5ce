import { SetMetadata } from '@nestjs/common';
import type { Transaction } from '@lgsp/persistence';
import type { InboundMessage } from './inbound-message';

export const MESSAGE_CONSUMER = Symbol('lgsp:message-consumer');

export interface MessageConsumerOptions {
  /** Names the consumer group (prefixed) and its retry topics; one connector, one name. */
  name: string;
  /** Logical topic names (without the deployment prefix). */
  topics: string[];
  /**
   * When true (the default) the handler runs in a transaction that also records the message id, so a
   * redelivered message has no second effect on the database.
   */
  idempotent?: boolean;
}

/** A handler's work for one message. Thin: validate, then delegate to a service. */
export interface MessageHandler {
  handle(message: InboundMessage, tx: Transaction): Promise<void>;
}

/** Marks a provider as a Kafka consumer; the consumer runtime finds it at start. */
export const MessageConsumer = (options: MessageConsumerOptions): ClassDecorator =>
  SetMetadata(MESSAGE_CONSUMER, options);
