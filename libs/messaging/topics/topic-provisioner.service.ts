import { Injectable, Logger } from '@nestjs/common';
import { Admin, ConfigResourceTypes, ITopicConfig } from 'kafkajs';
import { KafkaClient } from '../kafka/kafka-client.service';

export interface PhysicalTopic {
  topic: string;
  partitions: number;
  retentionMs: number;
}

export class TopicMisconfiguredError extends Error {}

/**
 * Creates the topics the bus needs and checks the ones that exist. An existing topic whose partition count
 * differs would send a dossier's events to other partitions than before (breaking per-dossier order); a
 * compacted topic would drop all but the last event of each dossier. The bus refuses to start on either.
 */
@Injectable()
export class TopicProvisioner {
  private readonly logger = new Logger('TopicProvisioner');

  constructor(private readonly kafka: KafkaClient) {}

  async ensure(topics: PhysicalTopic[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((spec) => !existing.has(spec.topic));
      if (missing.length > 0) {
        await admin.createTopics({ topics: missing.map(toTopicConfig), waitForLeaders: false });
        await awaitLeaders(
          admin,
          missing.map((spec) => spec.topic),
        );
        this.logger.log(`Created topics: ${missing.map((spec) => spec.topic).join(', ')}`);
      }
      const present = topics.filter((spec) => existing.has(spec.topic));
      if (present.length > 0) await this.check(admin, present);
    } finally {
      await admin.disconnect();
    }
  }

  private async check(admin: Admin, topics: PhysicalTopic[]): Promise<void> {
    const metadata = await admin.fetchTopicMetadata({ topics: topics.map((spec) => spec.topic) });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((spec) => ({
        type: ConfigResourceTypes.TOPIC,
        name: spec.topic,
        configNames: ['cleanup.policy', 'retention.ms'],
      })),
    });
    const problems: string[] = [];
    for (const spec of topics) {
      const partitions = metadata.topics.find((topic) => topic.name === spec.topic)?.partitions.length ?? 0;
      if (partitions !== spec.partitions) {
        problems.push(
          `${spec.topic} has ${partitions} partitions; the bus is configured for ${spec.partitions}`,
        );
      }
      const entries =
        configs.resources.find((resource) => resource.resourceName === spec.topic)?.configEntries ?? [];
      const policy = entries.find((entry) => entry.configName === 'cleanup.policy')?.configValue ?? 'delete';
      if (policy.includes('compact')) problems.push(`${spec.topic} is compacted (cleanup.policy=${policy})`);
      const retention = Number(
        entries.find((entry) => entry.configName === 'retention.ms')?.configValue ?? -1,
      );
      if (retention !== -1 && retention < spec.retentionMs) {
        problems.push(
          `${spec.topic} keeps messages ${retention} ms; the bus needs at least ${spec.retentionMs} ms`,
        );
      }
    }
    if (problems.length > 0) {
      throw new TopicMisconfiguredError(
        `Existing topics do not fit the bus's configuration: ${problems.join('; ')}`,
      );
    }
  }
}

const LEADER_WAIT_MS = 30_000;

/**
 * Waits until every partition of the new topics has a leader. kafkajs' own wait gives up on the broker's
 * transient "does not host this topic-partition" answers right after creation; this one keeps asking.
 */
export async function awaitLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  let lastProblem = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.filter(
        (topic) =>
          topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0),
      );
      if (leaderless.length === 0) return;
      lastProblem = `no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new TopicMisconfiguredError(
    `Topics were created but have no leaders after ${LEADER_WAIT_MS} ms: ${lastProblem}`,
  );
}

function toTopicConfig(spec: PhysicalTopic): ITopicConfig {
  return {
    topic: spec.topic,
    numPartitions: spec.partitions,
    replicationFactor: -1,
    configEntries: [
      { name: 'cleanup.policy', value: 'delete' },
      { name: 'retention.ms', value: String(spec.retentionMs) },
    ],
  };
}
