import { Logger } from '@nestjs/common';
import { CorrelationContext, inSpan } from '@lgsp/observability';
import { DatabaseService, ProcessedMessageRepository } from '@lgsp/persistence';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { decodeEnvelope, headerText } from '../envelope/envelope-codec';
import { DeliveryHeader } from './delivery-headers';
import { dispositionOf, errorCodeOf } from './failure-disposition';
import { FailedDelivery, FailureRouter, safeReason } from './failure-router';
import { GuardedTransactionOptions, inGuardedTransaction } from './guarded-transaction';
import { handlerSpanName, messageSpan, runSpan } from './handler-spans';
import type { InboundMessage } from './inbound-message';
import type { ConsumerOptions, FailureOutcome, MessageHandler } from './message-handler';
import type { Envelope } from '../envelope/envelope';

export interface ConsumerBinding {
  options: Required<ConsumerOptions>;
  handler: MessageHandler;
  groupId: string;
  /** Physical topic → logical main topic it feeds. */
  logicalTopicOf: Map<string, string>;
  /** Physical main topic → its logical name; retry topics are absent. */
  mainTopicOf: Map<string, string>;
}

export interface ProcessorDeps {
  db: DatabaseService;
  processed: ProcessedMessageRepository;
  failures: FailureRouter;
  handlerTimeoutMs: number;
  onHandlerTimeout?: () => void;
  /** Tries in place (partition held, order kept) before a partner failure moves to the retry topics. */
  inPlaceRetries: number;
  /** Stops the whole consumer until its connector says the partner is back. */
  park: (binding: ConsumerBinding) => void;
  /** Holds one partition until its next message is due. */
  holdUntil: (topic: string, partition: number, dueAt: number) => void;
  /** True while the partition is parked or held: a batch fetched before that must stop, not fail message after message. */
  isPaused: (topic: string, partition: number) => boolean;
}

type Outcome = 'done' | 'stop';

const IN_PLACE_BASE_DELAY_MS = 200;
/** Messages a batch-capable handler gets at once, in one transaction, unless its consumer says otherwise. */
export const BATCH_RUN = 100;
const IN_PLACE_MAX_DELAY_MS = 3_000;

/**
 * Processes one fetched batch of one partition, in offset order. Offsets are resolved one message at a time,
 * so a stop, crash or rebalance resumes after the last message whose effects committed.
 */
export class BatchProcessor {
  private readonly logger = new Logger('ConsumerRuntime');
  /** In-place tries per message position; small, as entries leave on success or when moved on. */
  private readonly inPlaceAttempts = new Map<string, number>();

  constructor(
    private readonly binding: ConsumerBinding,
    private readonly deps: ProcessorDeps,
  ) {}

  async process(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const batchable = this.binding.handler.handleBatch !== undefined && this.isMainTopic(batch.topic);
    const runLength = batchable ? this.binding.options.runLength : 1;
    const stopped = (): boolean =>
      !payload.isRunning() || payload.isStale() || this.deps.isPaused(batch.topic, batch.partition);
    for (let start = 0; start < batch.messages.length; start += runLength) {
      if (stopped()) return;
      const run = batch.messages.slice(start, start + runLength);
      if (run.length > 1 && (await this.tryBatch(batch.topic, batch.partition, run))) {
        payload.resolveOffset(run[run.length - 1].offset);
        await payload.heartbeat();
        continue;
      }
      for (const message of run) {
        if (stopped()) return;
        const outcome = await this.processOne(batch.topic, batch.partition, message);
        if (outcome === 'stop') return;
        payload.resolveOffset(message.offset);
        await payload.heartbeat();
      }
    }
  }

  private isMainTopic(physicalTopic: string): boolean {
    return this.binding.logicalTopicOf.get(physicalTopic) === this.binding.mainTopicOf.get(physicalTopic);
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
    let envelope: Envelope | undefined;
    try {
      const decoded = decodeEnvelope(message);
      envelope = decoded;
      await CorrelationContext.run(decoded.correlationId, () =>
        inSpan(
          handlerSpanName(this.binding),
          () => messageSpan(this.binding, topic, message, decoded, attempt),
          () =>
            this.runHandler({
              envelope: decoded,
              topic,
              partition,
              offset: message.offset,
              attempt,
              replayed: headerText(message.headers, DeliveryHeader.replayCount) !== undefined,
            }),
        ),
      );
      this.inPlaceAttempts.delete(this.positionOf(physicalTopic, partition, message));
      return 'done';
    } catch (error) {
      const outcome = await this.route(delivery, error);
      await this.notify(
        outcome,
        { key: message.key?.toString('utf8') ?? '', topic, attempt, envelope },
        error,
      );
      return outcome === 'parked' || outcome === 'backing-off' ? 'stop' : 'done';
    }
  }

  private positionOf(topic: string, partition: number, message: KafkaMessage): string {
    return `${topic}/${partition}/${message.offset}`;
  }

  /** Holds the partition and leaves the message unresolved, so it is fetched and tried again after the pause. */
  private backOff(delivery: FailedDelivery, limit = this.deps.inPlaceRetries): boolean {
    const position = this.positionOf(delivery.physicalTopic, delivery.partition, delivery.message);
    const tries = (this.inPlaceAttempts.get(position) ?? 0) + 1;
    if (tries > limit) {
      this.inPlaceAttempts.delete(position);
      return false;
    }
    this.inPlaceAttempts.set(position, tries);
    const delayMs = Math.min(IN_PLACE_BASE_DELAY_MS * 2 ** (tries - 1), IN_PLACE_MAX_DELAY_MS);
    this.deps.holdUntil(delivery.physicalTopic, delivery.partition, Date.now() + delayMs);
    return true;
  }

  private async route(delivery: FailedDelivery, error: unknown): Promise<FailureOutcome> {
    const disposition = dispositionOf(error);
    switch (disposition) {
      case 'backoff':
        if (this.backOff(delivery)) return 'backing-off';
        if (await this.deps.failures.retry(delivery, error)) return 'retried';
        await this.deps.failures.deadLetter(delivery, errorCodeOf(error), error);
        return 'dead-lettered';
      case 'hold':
        this.backOff(delivery, Number.POSITIVE_INFINITY);
        return 'backing-off';
      case 'park':
        this.deps.park(this.binding);
        return 'parked';
      case 'retry':
        if (await this.deps.failures.retry(delivery, error)) return 'retried';
        await this.deps.failures.deadLetter(delivery, errorCodeOf(error), error);
        return 'dead-lettered';
      case 'dead-letter':
        await this.deps.failures.deadLetter(delivery, errorCodeOf(error), error);
        return 'dead-lettered';
    }
  }

  private async notify(
    outcome: FailureOutcome,
    context: { key: string; topic: string; attempt: number; envelope?: Envelope },
    error: unknown,
  ): Promise<void> {
    const { handler } = this.binding;
    if (!handler.onFailure) return;
    const { envelope } = context;
    try {
      await handler.onFailure({
        key: context.key,
        topic: context.topic,
        attempt: context.attempt,
        messageId: envelope?.id,
        correlationId: envelope?.correlationId,
        eventType: envelope?.type,
        contractVersion: envelope?.contractVersion,
        outcome,
        code: errorCodeOf(error),
        reason: safeReason(error),
      });
    } catch (notifyError) {
      // The message has already moved on; a failed note must not move it again.
      this.logger.error({ err: notifyError, outcome }, 'Recording a failed delivery failed');
    }
  }

  private guard(): GuardedTransactionOptions {
    const { handlerTimeoutMs, onHandlerTimeout } = this.deps;
    return { timeoutMs: handlerTimeoutMs, logger: this.logger, onTimeout: onHandlerTimeout };
  }

  private async runHandler(unsigned: Omit<InboundMessage, 'signal'>): Promise<void> {
    const { handler, groupId, options } = this.binding;
    await inGuardedTransaction(this.deps.db, this.guard(), async (tx, signal) => {
      const message = { ...unsigned, signal };
      if (
        options.idempotent &&
        !(await this.deps.processed.claim(tx, groupId, message.envelope.id, message.topic))
      ) {
        this.logger.debug({ messageId: message.envelope.id }, 'Duplicate delivery skipped');
        return;
      }
      await handler.handle(message, tx);
    });
  }

  /**
   * Offers a run of main-topic messages to the handler's batch mode in one transaction. Any failure rolls the
   * whole run back and reports false: the caller then processes the run one message at a time, where each
   * failure gets its own retry, backoff or dead letter.
   */
  private async tryBatch(physicalTopic: string, partition: number, run: KafkaMessage[]): Promise<boolean> {
    const { handler } = this.binding;
    if (!handler.handleBatch) return false;
    const topic = this.binding.logicalTopicOf.get(physicalTopic) ?? physicalTopic;
    let messages: Omit<InboundMessage, 'signal'>[];
    try {
      messages = run.map((message) => ({
        envelope: decodeEnvelope(message),
        topic,
        partition,
        offset: message.offset,
        attempt: 0,
        replayed: headerText(message.headers, DeliveryHeader.replayCount) !== undefined,
      }));
    } catch {
      return false; // an undecodable message is dead-lettered on the one-by-one path
    }
    const handleBatch = handler.handleBatch.bind(handler);
    try {
      await inSpan(
        handlerSpanName(this.binding),
        () => runSpan(this.binding, topic, run),
        () => this.handleRun(messages, topic, handleBatch),
      );
      return true;
    } catch (error) {
      this.logger.debug(
        { err: error, messages: run.length },
        'Batch failed; processing its messages one by one',
      );
      return false;
    }
  }

  private async handleRun(
    messages: Omit<InboundMessage, 'signal'>[],
    topic: string,
    handleBatch: NonNullable<MessageHandler['handleBatch']>,
  ): Promise<void> {
    const { groupId, options } = this.binding;
    await inGuardedTransaction(this.deps.db, this.guard(), async (tx, signal) => {
      const ids = messages.map((message) => message.envelope.id);
      const claimed = options.idempotent
        ? await this.deps.processed.claimMany(tx, groupId, ids, topic)
        : new Set(ids);
      const fresh = messages
        .filter((message) => claimed.delete(message.envelope.id))
        .map((message) => ({ ...message, signal }));
      if (fresh.length > 0) await handleBatch(fresh, tx);
    });
  }
}
