import { Logger } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import type { ConsumerRuntime, KafkaClient, TopicNames } from '@lgsp/messaging';

interface PartitionEnds {
  high: number;
  low: number;
}

/**
 * Each running consumer's lag: per partition its group committed an offset on (main and retry topics), the
 * messages after that offset, summed. A partition the group never committed on is not counted yet. One admin
 * connection serves every reading; a failed reading drops it and the next one connects afresh.
 */
export class ConsumerLagReader {
  private readonly logger = new Logger('Alerts');
  private admin?: Promise<Admin>;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly runtime: ConsumerRuntime,
    private readonly names: TopicNames,
  ) {}

  async read(): Promise<Map<string, number>> {
    try {
      const admin = await this.connected();
      const ends = new Map<string, Promise<Map<number, PartitionEnds>>>();
      const endsOf = (topic: string): Promise<Map<number, PartitionEnds>> => {
        const known = ends.get(topic);
        if (known) return known;
        const fetched = admin
          .fetchTopicOffsets(topic)
          .then(
            (offsets) =>
              new Map(
                offsets.map((entry) => [
                  entry.partition,
                  { high: Number(entry.high), low: Number(entry.low) },
                ]),
              ),
          );
        ends.set(topic, fetched);
        return fetched;
      };
      const lags = new Map<string, number>();
      for (const consumer of this.runtime.consumerNames()) {
        const committed = await admin.fetchOffsets({ groupId: this.names.consumerGroup(consumer) });
        let lag = 0;
        for (const { topic, partitions } of committed) {
          const topicEnds = await endsOf(topic);
          for (const { partition, offset } of partitions) {
            const end = topicEnds.get(partition);
            if (!end || Number(offset) < 0) continue;
            lag += Math.max(0, end.high - Number(offset));
          }
        }
        lags.set(consumer, lag);
      }
      return lags;
    } catch (error: unknown) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (!admin) return;
    const failure = await admin
      .then((connected) => connected.disconnect())
      .then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    // A connection that failed is often already gone; its disconnect failing changes nothing for the next reading.
    if (failure !== undefined)
      this.logger.debug(`Kafka admin disconnect after a failed lag reading: ${failure}`);
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }
}
