import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Admin } from 'kafkajs';
import { HEALTH_KAFKA, type KafkaAdminSource } from './health-targets';

/** A probe must answer in bounded time; kafkajs' own retries can take far longer against a broker that is gone. */
const ANSWER_WITHIN_MS = 3_000;

/**
 * The broker answers a metadata request. One admin connection is kept for all checks (each check used to open
 * and close its own); a failed check drops it, and the next one connects afresh.
 */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private readonly logger = new Logger('KafkaHealthIndicator');
  private admin?: Promise<Admin>;

  constructor(
    @Inject(HEALTH_KAFKA) private readonly kafka: KafkaAdminSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'kafka'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const cluster = await withinDeadline(this.connected().then((admin) => admin.describeCluster()));
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      await this.drop();
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drop();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private async drop(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (!admin) return;
    const failure = await admin
      .then((connected) => connected.disconnect())
      .then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : 'unknown error'),
      );
    // A connection that failed is often already gone; its disconnect failing changes nothing for the next check.
    if (failure !== undefined) this.logger.debug(`Kafka admin disconnect after a failed check: ${failure}`);
  }
}

function withinDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the broker did not answer within ${ANSWER_WITHIN_MS} ms`)),
      ANSWER_WITHIN_MS,
    );
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
