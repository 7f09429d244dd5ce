import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaClient } from '@lgsp/messaging';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly kafka: KafkaClient,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'kafka'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      await admin.disconnect();
    }
  }
}
