import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { BusConfig } from '@lgsp/config';
import {
  MetricsRegistry,
  SpanKind,
  TraceAttribute,
  contextFromHeaders,
  injectTraceHeaders,
  isRecording,
  markFailed,
  startSpan,
} from '@lgsp/observability';
import { context, trace, type Span } from '@opentelemetry/api';
import { OutboxRepository, PendingOutboxEntry } from '@lgsp/persistence';
import { MessagePublisher, OutgoingMessage } from '../producer/message-publisher.service';

const BATCH_SIZE = 500;
const IDLE_POLL_MS = 20;
const ERROR_BACKOFF_MS = 1_000;

/**
 * Takes committed outbox entries to Kafka in id order (so in order per key), then marks them sent. One relay
 * at a time holds the database lock; others wait their turn, so running one per gateway replica is safe.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: MessagePublisher,
    private readonly config: BusConfig,
    metrics: MetricsRegistry,
  ) {
    const repository = this.outbox;
    // Registered for its collect callback: the age is read from the database when Prometheus scrapes.
    new Gauge({
      name: 'lgsp_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox entry not yet published to Kafka',
      registers: [metrics],
      async collect() {
        this.set(await repository.oldestPendingAgeSeconds());
      },
    });
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes the relay at once after a commit, instead of waiting for its next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Stops before the pool and the producer close (they close in onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Publishes everything pending now; for tests and for a graceful drain. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.pass();
      if (published <= 0) return total;
      total += published;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.pass();
      } catch (error) {
        this.logger.error({ err: error }, 'Outbox relay failed; retrying');
        await this.pause(ERROR_BACKOFF_MS);
        continue;
      }
      if (published < BATCH_SIZE) await this.pause(IDLE_POLL_MS);
    }
  }

  /**
   * One pass over the oldest pending entries, sent in requests of at most KAFKA_BATCH_MAX_MESSAGES, one after the
   * other. A pass stops at its first failed request: had a later request gone out, its entries would reach Kafka
   * before the failed ones' next try, and consumers keep the first copy, so a dossier's order would be reversed
   * for good. What went out before the failure is marked sent; the failure is thrown after that commit.
   */
  private async pass(): Promise<number> {
    const outcome: { failure?: OutboxPublishError } = {};
    const published = await this.outbox.publishBatch(BATCH_SIZE, async (entries) => {
      const size = this.config.kafka.batchMaxMessages;
      for (let start = 0; start < entries.length; start += size) {
        const chunk = entries.slice(start, start + size).map(publication);
        try {
          await this.publisher.publishTogether(chunk.map((each) => each.message));
        } catch (error) {
          for (const { span } of chunk) markFailed(span, error);
          outcome.failure = new OutboxPublishError(start, entries.length, error);
          return start;
        } finally {
          for (const { span } of chunk) span.end();
        }
      }
      return entries.length;
    });
    if (outcome.failure) throw outcome.failure;
    return published;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** A relay pass stopped at a failed request; the entries before it were published and marked. */
export class OutboxPublishError extends Error {
  constructor(published: number, read: number, cause: unknown) {
    super(`Outbox relay published ${published} of ${read} entries, then a request failed`, { cause });
    this.name = 'OutboxPublishError';
  }
}

/**
 * An entry on its way to Kafka, inside an `outbox.publish` span that continues the trace stored with the row;
 * the message carries that span's context, so the consumer's span is its child.
 */
function publication(entry: PendingOutboxEntry): { message: OutgoingMessage; span: Span } {
  const stored = { key: entry.key, value: entry.value, headers: entry.headers };
  const span = startSpan('outbox.publish', () => ({
    kind: SpanKind.PRODUCER,
    parent: contextFromHeaders(entry.headers),
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': entry.topic,
      [TraceAttribute.messageId]: entry.messageId,
    },
  }));
  if (!isRecording()) return { message: { topic: entry.topic, message: stored }, span };
  const headers = { ...entry.headers };
  injectTraceHeaders(headers, trace.setSpan(context.active(), span));
  return {
    message: { topic: entry.topic, message: { ...stored, headers } },
    span,
  };
}
