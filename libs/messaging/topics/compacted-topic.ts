import { Admin, ConfigResourceTypes } from 'kafkajs';
import { TopicMisconfiguredError, awaitLeaders } from './topic-provisioner.service';

/**
 * Creates a compacted topic (the latest record per key is kept, older ones go) or checks that an existing one
 * is compacted. The bus's message topics must never be compacted (TopicProvisioner refuses them); a state topic
 * must be, or a reader starting from the beginning would replay every second of every worker's history.
 */
export async function ensureCompactedTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  if (!existing.has(topic)) {
    // Another app may create it at the same moment: a lost race shows as false, and the check below still runs.
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: partitions,
          replicationFactor: -1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            // Small segments so the cleaner gets to the old records of a worker that left.
            { name: 'segment.ms', value: '600000' },
          ],
        },
      ],
      waitForLeaders: false,
    });
    await awaitLeaders(admin, [topic]);
    return;
  }
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
  });
  const policy = configs.resources[0]?.configEntries.find((entry) => entry.configName === 'cleanup.policy');
  if (!policy?.configValue.includes('compact')) {
    throw new TopicMisconfiguredError(
      `${topic} must be compacted (cleanup.policy=${policy?.configValue ?? 'unknown'})`,
    );
  }
}
