import { Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { CorrelationContext } from '@lgsp/observability';
import { DatabaseService, ProcessedMessageRepository, Transaction } from '@lgsp/persistence';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { decodeEnvelope, headerText } from '../envelope/envelope-codec';
import { DeliveryHeader } from './delivery-headers';
import { dispositionOf, errorCodeOf } from './failure-disposition';
import { FailureRouter } from './failure-router.service';
import type { MessageConsumerOptions, MessageHandler } from './message-consumer.decorator';

export interface ConsumerBinding {
  options: Required<MessageConsumerOptions>;
  handler: MessageHandler;
  groupId: string;
  /** Physical topic → logical main topic it feeds. */
  logicalTopicOf: Map<string, string>;
}

export interface ProcessorDeps {
  db: DatabaseService;
  processed: ProcessedMessageRepository;
  failures: FailureRouter;
  handlerTimeoutMs: number;
  /** Stops the whole consumer until its connector says the partner is back. */
  park: (binding: ConsumerBinding) => void;
  /** Holds one retry-topic partition until its next message is due. */
  holdUntil: (topic: string, partition: number, dueAt: number) => void;
}

type Outcome = 'done' | 'stop';

/** Guards a transaction so a handler that outlived its timeout cannot write after the rollback. */
function guarded(tx: Transaction, isOpen: () => boolean): Transaction {
  return {
    query: ((...args: Parameters<Transaction['query']>) => {
      if (!isOpen()) throw new DomainError(DomainErrorCode.Internal, 'transaction closed: handler timed out');
      return (tx.query as (...inner: unknown[]) => unknown)(...args);
    }) as Transaction['query'],
  };
}

/**
 * Processes one fetched batch of one partition, in offset order. Offsets are resolved one message at a time,
 * so a stop, crash or rebalance resumes after the last message whose effects committed.
 */
export class BatchProcessor {
  private readonly logger = new Logger('ConsumerRuntime');

  constructor(
    private readonly binding: ConsumerBinding,
    private readonly deps: ProcessorDeps,
  ) {}

  async process(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) return;
      const outcome = await this.processOne(batch.topic, batch.partition, message);
      if (outcome === 'stop') return;
      payload.resolveOffset(message.offset);
      await payload.heartbeat();
    }
  }

  private async processOne(
    physicalTopic: string,
    partition: number,
    message: KafkaMessage,
  ): Promise<Outcome> {
    const topic = this.binding.logicalTopicOf.get(physicalTopic) ?? physicalTopic;
    const attempt = Number(headerText(message.headers, DeliveryHeader.attempt) ?? 0);
    const dueAt = Date.parse(headerText(message.headers, DeliveryHeader.notBefore) ?? '');
    if (physicalTopic !== topic && dueAt > Date.now()) {
      this.deps.holdUntil(physicalTopic, partition, dueAt);
      return 'stop';
    }
    const delivery = {
      consumer: this.binding.options.name,
      topic,
      physicalTopic,
      partition,
      message,
      attempt,
    };
    try {
      const envelope = decodeEnvelope(message);
      await CorrelationContext.run(envelope.correlationId, () =>
        this.runHandler({ envelope, topic, partition, offset: message.offset, attempt }),
      );
      return 'done';
    } catch (error) {
      const disposition = dispositionOf(error);
      switch (disposition) {
        case 'park':
          this.deps.park(this.binding);
          return 'stop';
        case 'retry':
          if (await this.deps.failures.retry(delivery, error)) return 'done';
          await this.deps.failures.deadLetter(delivery, errorCodeOf(error), error);
          return 'done';
        case 'dead-letter':
          await this.deps.failures.deadLetter(delivery, errorCodeOf(error), error);
          return 'done';
      }
    }
  }

  private async runHandler(message: Parameters<MessageHandler['handle']>[0]): Promise<void> {
    const { handler, groupId, options } = this.binding;
    let open = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        open = false;
        reject(
          new DomainError(DomainErrorCode.Internal, `handler exceeded ${this.deps.handlerTimeoutMs} ms`),
        );
      }, this.deps.handlerTimeoutMs);
    });
    const work = this.deps.db.transaction(async (tx) => {
      const safeTx = guarded(tx, () => open);
      if (
        options.idempotent &&
        !(await this.deps.processed.claim(safeTx, groupId, message.envelope.id, message.topic))
      ) {
        this.logger.debug({ messageId: message.envelope.id }, 'Duplicate delivery skipped');
        return;
      }
      await handler.handle(message, safeTx);
    });
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
      // The transaction settles on its own (rolled back if the guard tripped); never leave it unobserved.
      work.catch(() => undefined);
    }
  }
}
