import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@lgsp/observability';

/**
 * Handlers that outlived KAFKA_HANDLER_TIMEOUT_MS, per consumer. Each one is a message tried again (or moved to a
 * retry topic) because its partner answered slowly: a rising count is a slow partner before it is an outage.
 */
@Injectable()
export class HandlerTimeoutMetrics {
  private readonly timeouts: Counter<'consumer'>;

  constructor(metrics: MetricsRegistry) {
    this.timeouts = new Counter({
      name: 'lgsp_consumer_handler_timeouts_total',
      help: 'Handlers abandoned at KAFKA_HANDLER_TIMEOUT_MS (their message is tried again), per consumer',
      labelNames: ['consumer'],
      registers: [metrics],
    });
  }

  record(consumer: string): void {
    this.timeouts.inc({ consumer });
  }
}
