import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Consumer } from 'kafkajs';
import { BusConfig } from '@lgsp/config';
import { OperatorTopics } from '@lgsp/contracts';
import {
  ConnectorStateRecord,
  KafkaClient,
  TopicNames,
  ensureCompactedTopic,
  parseConnectorState,
} from '@lgsp/messaging';

/**
 * The latest record of every worker and connector from the compacted ops.connector-state topic. Each gateway
 * instance reads the whole topic in its own consumer group (every instance needs every record, and from the
 * beginning, which compaction keeps short); the group is deleted when the gateway stops.
 */
@Injectable()
export class ConnectorStateReader implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ConnectorStateReader');
  private readonly latest = new Map<string, ConnectorStateRecord>();
  private readonly topic: string;
  private readonly groupId: string;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: KafkaClient,
    config: BusConfig,
  ) {
    const names = TopicNames.from(config);
    this.topic = names.main(OperatorTopics.connectorState);
    this.groupId = names.consumerGroup(`ops-connectors.${hostname()}.${randomUUID().slice(0, 8)}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // The gateway may start before any worker created it.
      await ensureCompactedTopic(admin, this.topic, 1);
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer(this.groupId);
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      // The group lives as long as this gateway and always starts from the beginning: nothing to commit.
      autoCommit: false,
      eachMessage: ({ message }) => {
        const key = message.key?.toString('utf8');
        if (key !== undefined) this.apply(key, message.value);
        return Promise.resolve();
      },
    });
    this.consumer = consumer;
  }

  async onModuleDestroy(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (!consumer) return;
    await consumer.disconnect();
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.groupId]);
    } catch (error: unknown) {
      // An empty group the broker expires by itself (offsets.retention); shutdown goes on.
      this.logger.warn({ err: error, group: this.groupId }, 'Could not delete the state reader’s group');
    } finally {
      await admin.disconnect();
    }
  }

  /** Every worker's latest record per connector, stale ones included (the view decides what is stale). */
  records(): ConnectorStateRecord[] {
    return [...this.latest.values()];
  }

  private apply(key: string, value: Buffer | null): void {
    if (value === null) {
      this.latest.delete(key);
      return;
    }
    try {
      const record = parseConnectorState(value);
      if (record) this.latest.set(key, record);
    } catch (error: unknown) {
      // One unreadable record must not stop the view; the worker's next one (a second later) replaces it.
      this.logger.warn({ err: error, key }, 'Unreadable connector state record skipped');
    }
  }
}
