import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, Message, Producer, TopicMessages } from 'kafkajs';
import { BusConfig } from '@lgsp/config';
import { Envelope } from '../envelope/envelope';
import { encodeEnvelope } from '../envelope/envelope-codec';
import { KafkaClient } from '../kafka/kafka-client.service';

interface Pending {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Publishes envelopes in batches. kafkajs sends each `send` as its own request, so publishes that arrive
 * within `lingerMs` of each other (or until `batchMaxMessages`) share one request. While a batch is in flight
 * the next one fills, which is what keeps throughput up under load. Every publish resolves only when the
 * broker acknowledged its batch with acks=all.
 */
@Injectable()
export class MessagePublisher implements OnApplicationShutdown {
  private readonly producer: Producer;
  private connecting?: Promise<void>;
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private readonly compression: CompressionTypes;

  constructor(
    kafka: KafkaClient,
    private readonly config: BusConfig,
  ) {
    this.producer = kafka.producer();
    this.compression = config.kafka.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  }

  publish(topic: string, envelope: Envelope): Promise<void> {
    return this.publishRaw(topic, encodeEnvelope(envelope));
  }

  /** For messages already encoded elsewhere (the outbox, dead-letter replays): sent byte for byte. */
  publishRaw(topic: string, message: Message): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject });
      if (this.queue.length >= this.config.kafka.batchMaxMessages) this.flushSoon(0);
      else this.flushSoon(this.config.kafka.lingerMs);
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

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.config.kafka.batchMaxMessages);
    const byTopic = new Map<string, Message[]>();
    for (const item of batch) {
      const messages = byTopic.get(item.topic) ?? [];
      messages.push(item.message);
      byTopic.set(item.topic, messages);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      await this.connect();
      await this.producer.sendBatch({ topicMessages, acks: -1, compression: this.compression });
      for (const item of batch) item.resolve();
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
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
