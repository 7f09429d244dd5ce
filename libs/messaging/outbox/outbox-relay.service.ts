import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '@lgsp/observability';
import { OutboxRepository, PendingOutboxEntry } from '@lgsp/persistence';
import { MessagePublisher } from '../producer/message-publisher.service';

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
      const published = await this.outbox.publishBatch(BATCH_SIZE, (entries) => this.publish(entries));
      if (published <= 0) return total;
      total += published;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.outbox.publishBatch(BATCH_SIZE, (entries) => this.publish(entries));
      } catch (error) {
        this.logger.error({ err: error }, 'Outbox relay failed; retrying');
        await this.pause(ERROR_BACKOFF_MS);
        continue;
      }
      if (published < BATCH_SIZE) await this.pause(IDLE_POLL_MS);
    }
  }

  private async publish(entries: PendingOutboxEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) =>
        this.publisher.publishRaw(entry.topic, {
          key: entry.key,
          value: entry.value,
          headers: entry.headers,
        }),
      ),
    );
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
