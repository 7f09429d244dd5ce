import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, Message, Producer, TopicMessages } from 'kafkajs';
import { Counter } from 'prom-client';
import { BusConfig } from '@lgsp/config';
import { MetricsRegistry, activeTraceHeaders } from '@lgsp/observability';
import { Envelope } from '../envelope/envelope';
import { encodeEnvelope } from '../envelope/envelope-codec';
import { KafkaClient } from '../kafka/kafka-client.service';
import { PartitionPlacements, UnacknowledgedMessagesError } from './partition-placements';

export interface OutgoingMessage {
  topic: string;
  message: Message;
}

/** Messages that travel in the same request: they are never split across two. */
interface Pending {
  messages: OutgoingMessage[];
  /** False: compressing them is not worth it (KAFKA_COMPRESSION applies to a request carrying any other). */
  compress: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Publishes envelopes in batches. kafkajs sends each `send` as its own request, so publishes that arrive
 * within `lingerMs` of each other (or until `batchMaxMessages`) share one request. While a batch is in flight
 * the next one fills, which is what keeps throughput up under load. Every publish resolves only when the
 * broker acknowledged its batch with acks=all.
 *
 * After a failed request the producer is replaced. kafkajs warns that limiting the idempotent producer's
 * retries "may invalidate EoS guarantees": when they run out it rolls its sequence numbers back, for every
 * partition of the request, including those the broker had written. The next send then reuses written numbers:
 * the broker drops it as a duplicate (silent loss) or refuses it as out of order forever (a stuck producer).
 * A new producer gets a new producer id, whose numbers start afresh.
 *
 * A request kafkajs reports sent counts as sent only if every partition it placed a message on was acknowledged
 * (PartitionPlacements: during a leader change kafkajs can drop a partition's messages and still resolve).
 */
@Injectable()
export class MessagePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('MessagePublisher');
  private producer: Producer;
  private connecting?: Promise<void>;
  private queue: Pending[] = [];
  private queued = 0;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private readonly compression: CompressionTypes;
  private readonly restarts: Counter;
  private readonly placements = new PartitionPlacements();

  constructor(
    private readonly kafka: KafkaClient,
    private readonly config: BusConfig,
    metrics: MetricsRegistry,
  ) {
    this.producer = this.newProducer();
    this.compression = config.kafka.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.restarts = new Counter({
      name: 'lgsp_producer_restarts_total',
      help: 'Producers replaced after a failed send, whose sequence numbers could no longer be trusted',
      registers: [metrics],
    });
  }

  publish(topic: string, envelope: Envelope): Promise<void> {
    return this.publishRaw(topic, encodeEnvelope(envelope));
  }

  /** For messages already encoded elsewhere (the outbox, dead-letter replays): sent byte for byte. */
  publishRaw(topic: string, message: Message): Promise<void> {
    return this.enqueue([{ topic, message }], this.config.kafka.lingerMs, true);
  }

  /**
   * Sends these messages in one request, at once: they are never split across two requests, so a caller that
   * stops at its first failed call knows nothing it sent after it was published. Keep it to at most
   * KAFKA_BATCH_MAX_MESSAGES.
   *
   * `compress: false` for a few small messages someone is waiting on (a request, a reply): kafkajs compresses
   * (and its consumers decompress) on libuv's thread pool, a hop each way that cost more than the send itself on a
   * busy machine (docs/performance.md, Citizen verification). A request that also carries other messages is
   * compressed as KAFKA_COMPRESSION says.
   */
  publishTogether(messages: OutgoingMessage[], options: { compress?: boolean } = {}): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return this.enqueue(messages, 0, options.compress ?? true);
  }

  private enqueue(messages: OutgoingMessage[], lingerMs: number, compress: boolean): Promise<void> {
    // Taken now, not at the flush: the batch goes out later, from a timer, outside the caller's span.
    const traceHeaders = activeTraceHeaders();
    if (traceHeaders) messages = messages.map((outgoing) => traced(outgoing, traceHeaders));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, compress, resolve, reject });
      this.queued += messages.length;
      this.flushSoon(this.queued >= this.config.kafka.batchMaxMessages ? 0 : lingerMs);
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.inFlight) return; // the batch in flight will flush what queued meanwhile
    if (delayMs === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.startFlush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.startFlush();
      }, delayMs);
    }
  }

  private startFlush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = this.flush().finally(() => {
      this.inFlight = undefined;
      if (this.queue.length > 0) this.startFlush();
    });
  }

  /** Takes whole groups, up to batchMaxMessages (one larger group goes alone). */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (batch.length > 0 && count + next.messages.length > this.config.kafka.batchMaxMessages) break;
      batch.push(next);
      count += next.messages.length;
      this.queue.shift();
    }
    this.queued -= count;
    return batch;
  }

  private async flush(): Promise<void> {
    const batch = this.takeBatch();
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of batch.flatMap((pending) => pending.messages)) {
      const messages = byTopic.get(topic) ?? [];
      messages.push(message);
      byTopic.set(topic, messages);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      await this.connect();
      const compression = batch.some((pending) => pending.compress)
        ? this.compression
        : CompressionTypes.None;
      this.placements.begin();
      const acknowledged = await this.producer.sendBatch({ topicMessages, acks: -1, compression });
      const missing = this.placements.unacknowledged(topicMessages, acknowledged);
      if (missing > 0) {
        throw new UnacknowledgedMessagesError(missing, topicMessages.flatMap((each) => each.messages).length);
      }
      for (const pending of batch) pending.resolve();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      await this.restart(error);
    }
  }

  /** Replaces the producer before the next request (flushes are serial, so none is using it). */
  private async restart(cause: unknown): Promise<void> {
    this.restarts.inc();
    this.logger.error(
      { err: cause },
      'A send failed after its retries; the idempotent producer sequence numbers may no longer match the ' +
        "broker's (kafkajs: limiting retries may invalidate EoS guarantees), so the producer is replaced",
    );
    const previous = this.producer;
    this.producer = this.newProducer();
    this.connecting = undefined;
    try {
      await previous.disconnect();
    } catch (error) {
      this.logger.warn({ err: error }, 'The replaced producer did not disconnect cleanly');
    }
  }

  private newProducer(): Producer {
    return this.kafka.producer({ createPartitioner: this.placements.partitioner });
  }

  async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.startFlush();
    while (this.inFlight) await this.inFlight;
    if (this.connecting) await this.producer.disconnect();
  }
}

/**
 * Continues the publishing span's trace in the message, unless the message carries a trace of its own (an outbox
 * row's, written where its work happened). The caller's message is not changed.
 */
function traced(outgoing: OutgoingMessage, traceHeaders: Record<string, string>): OutgoingMessage {
  const { message } = outgoing;
  if (message.headers?.traceparent !== undefined) return outgoing;
  return { ...outgoing, message: { ...message, headers: { ...message.headers, ...traceHeaders } } };
}
