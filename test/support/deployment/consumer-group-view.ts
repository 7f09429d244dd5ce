import axios from 'axios';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { brokers, databaseUrl } from '../test-environment';

/** Partitions of one topic a member of a consumer group holds, by the member's Kafka client id. */
export type GroupAssignment = Map<string, number[]>;

/**
 * What `kafka-consumer-groups.sh --describe` shows an operator: which member (by client id) holds which partitions
 * of `topic` in `groupId`, as the broker's group coordinator assigned them.
 */
export async function groupAssignment(groupId: string, topic: string): Promise<GroupAssignment> {
  const admin = new Kafka({ brokers: brokers().split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const {
      groups: [group],
    } = await admin.describeGroups([groupId]);
    const assignment: GroupAssignment = new Map();
    for (const member of group?.members ?? []) {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      const partitions = decoded?.assignment[topic] ?? [];
      assignment.set(member.clientId, [...(assignment.get(member.clientId) ?? []), ...partitions]);
    }
    return assignment;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Messages of `topic` the group has not committed yet, summed over partitions: 0 once every message was handled
 * and its offset committed, after which no member can be handed one of them again.
 */
export async function groupLag(groupId: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: brokers().split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map(committed.partitions.map((entry) => [entry.partition, Number(entry.offset)]));
    return ends.reduce((lag, end) => {
      const done = at.get(end.partition) ?? -1;
      // -1: nothing committed on that partition yet, so all of it is behind.
      return lag + Number(end.high) - Math.max(done, Number(end.low));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Successful calls one worker made to one partner, from that worker's own /metrics
 * (lgsp_connector_calls_total{connector, outcome="success"}): the count a dashboard sums per pod.
 */
export async function successfulCalls(workerUrl: string, connector: string): Promise<number> {
  const { data } = await axios.get<string>(`${workerUrl}/metrics`, { responseType: 'text' });
  let total = 0;
  for (const line of data.split('\n')) {
    if (!line.startsWith('lgsp_connector_calls_total{')) continue;
    if (!line.includes(`connector="${connector}"`) || !line.includes('outcome="success"')) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Messages the deployment parked as dead letters (any status), read from its schema. */
export async function deadLetterCount(schema: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM ${schema}.dead_letter`);
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}
