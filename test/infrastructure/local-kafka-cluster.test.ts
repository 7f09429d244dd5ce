import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Admin, Kafka, Partitioners, Producer, logLevel } from 'kafkajs';
import { DEFAULT_KAFKA_VERSION, LocalKafkaCluster, isProcessAlive } from '@lgsp/infrastructure';
import { expectEventually } from '../support/expect-eventually';

const PER_PARTITION = 10;

/**
 * A cluster of its own, not the shared test broker: the test kills nodes. Three replicas with two in sync must
 * carry every acknowledged write through the loss of a follower and then of the active controller.
 */
describe('infrastructure: a local three-node KRaft cluster', () => {
  const topic = `cluster-test-${randomBytes(4).toString('hex')}`;
  const sent: string[] = [];
  let cluster: LocalKafkaCluster;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  /**
   * One partition per send. kafkajs 2.2.4 mishandles the retry of a send that spans brokers when a leader moves:
   * it skips a broker that had answered and resolves without the partition moved onto it, or writes a
   * partition's messages twice (both seen here; tulios/kafkajs#1303). This test is about the cluster, not that
   * client.
   */
  const produce = async (batch: string): Promise<void> => {
    for (let partition = 0; partition < 3; partition++) {
      const messages = Array.from({ length: PER_PARTITION }, (_, index) => ({
        partition,
        value: `${batch}-${partition}-${index}`,
      }));
      await producer.send({ topic, acks: -1, messages });
      sent.push(...messages.map((message) => message.value));
    }
  };

  const insyncReplicas = async (): Promise<number[]> => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions.map((partition) => partition.isr.length);
  };

  beforeAll(async () => {
    cluster = await LocalKafkaCluster.start({ version: DEFAULT_KAFKA_VERSION, log: () => undefined });
    kafka = new Kafka({
      clientId: 'lgsp-cluster-test',
      brokers: cluster.brokers.split(','),
      logLevel: logLevel.NOTHING,
      // Enough to outlast a dead leader's fencing (4 s) and a controller election.
      retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await cluster?.stop();
  });

  it('keeps every acknowledged message through the loss of a follower and of the active controller', async () => {
    expect(cluster.brokers.split(',')).toHaveLength(3);
    // Not waitForLeaders: kafkajs gives up when the broker it asks has not yet heard of the topic.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic,
          numPartitions: 3,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
      ],
    });
    await expectEventually(async () => expect(await insyncReplicas()).toEqual([3, 3, 3]), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    // The group coordinator's topic is created on first use with three replicas, which needs all three nodes:
    // used now, it exists for the consumer at the end, when one node is down. Not the coordinator until loaded.
    const groupId = `${topic}-reader`;
    await expectEventually(() => admin.fetchOffsets({ groupId, topics: [topic] }), {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    await produce('all-up');

    const firstController = await cluster.activeController();
    const follower = cluster.nodes.find((node) => node.nodeId !== firstController);
    if (!follower?.pid) throw new Error('no running follower');
    const followerPid = follower.pid;
    cluster.kill(follower.nodeId);
    expect(isProcessAlive(followerPid)).toBe(false);
    await produce('follower-down');

    await cluster.restart(follower.nodeId);
    await expectEventually(async () => expect(await insyncReplicas()).toEqual([3, 3, 3]), {
      timeoutMs: 90_000,
      intervalMs: 500,
    });

    const controller = await cluster.activeController();
    cluster.kill(controller);
    const nextController = await cluster.activeController();
    expect(nextController).not.toBe(controller);
    expect(cluster.nodes.find((node) => node.nodeId === nextController)?.pid).toBeDefined();
    await produce('controller-down');

    const written = await expectEventually(async () => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
    });
    // No retry wrote a message twice: the log holds exactly as many records as were acknowledged.
    expect(written).toBe(sent.length);
    const received: string[] = [];
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          received.push(message.value?.toString() ?? '');
          return Promise.resolve();
        },
      });
      await expectEventually(() => expect(received.length).toBeGreaterThanOrEqual(sent.length), {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
    } finally {
      await consumer.disconnect();
    }
    expect([...received].sort()).toEqual([...sent].sort());
    expect(sent).toHaveLength(3 * 3 * PER_PARTITION);
  }, 300_000);

  it('stops every node and deletes its data', async () => {
    const pids = cluster.nodes.flatMap((node) => node.pid ?? []);
    const dataRoot = dirname(dirname(cluster.nodes[0].logFile));
    expect(existsSync(dataRoot)).toBe(true);
    await cluster.stop();
    await cluster.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
    expect(existsSync(dataRoot)).toBe(false);
  }, 60_000);
});
