import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Admin } from 'kafkajs';
import { Gauge } from 'prom-client';
import { BusConfig } from '@lgsp/config';
import { ConnectorStateRecord, KafkaClient, TopicNames } from '@lgsp/messaging';
import { MetricsRegistry } from '@lgsp/observability';
import { DeadLetterRepository, OutboxRepository } from '@lgsp/persistence';
import { BusClock } from '../intake-policy/bus-clock';
import { ArrivalTimes, PartitionReading } from './arrival-times.tracker';
import { ConnectorStateReader } from './connector-state.reader';
import { ConnectorBacklog, isLagGrowing } from './connectors.view';

/** A reading every two seconds: fresh enough for a console, a handful of admin requests per connector. */
export const BACKLOG_INTERVAL_MS = 2_000;
const READINGS_KEPT = 10;

interface Reading {
  backlog: ConnectorBacklog;
  history: number[];
  arrivals: ArrivalTimes;
}

interface GroupLag {
  topics: { topic: string; lag: number }[];
  partitions: PartitionReading[];
}

/**
 * What waits for each connector, measured by the gateway itself: Kafka lag of the connector's consumer group
 * (committed offsets against the topics' ends, with the admin client), how long its oldest waiting message has
 * waited (from when the readings saw each end offset: see ArrivalTimes), its open dead letters and the age of
 * the outbox entries for its topics. Workers cannot see their own group's lag as a whole; the gateway can.
 */
@Injectable()
export class ConnectorBacklogs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ConnectorBacklogs');
  private readonly names: TopicNames;
  private readonly readings = new Map<string, Reading>();
  private readonly lagGauge: Gauge<'connector' | 'topic'>;
  private readonly deadLetterGauge: Gauge<'connector'>;
  private readonly outboxGauge: Gauge<'connector'>;
  private readonly oldestWaitingGauge: Gauge<'connector'>;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  /** The reading in progress: a stop waits for it, so no admin request outlives the admin client. */
  private inFlight?: Promise<void>;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly reader: ConnectorStateReader,
    private readonly deadLetters: DeadLetterRepository,
    private readonly outbox: OutboxRepository,
    registry: MetricsRegistry,
    config: BusConfig,
    private readonly clock: BusClock,
  ) {
    this.names = TopicNames.from(config);
    this.lagGauge = gauge(registry, {
      name: 'lgsp_connector_consumer_lag',
      help: 'Messages not yet consumed by the connector’s consumer group, per topic',
      labelNames: ['connector', 'topic'],
    });
    this.deadLetterGauge = gauge(registry, {
      name: 'lgsp_connector_dead_letters_open',
      help: 'Open dead letters of the connector’s consumer group',
      labelNames: ['connector'],
    });
    this.outboxGauge = gauge(registry, {
      name: 'lgsp_connector_outbox_age_seconds',
      help: 'Age of the oldest unpublished outbox entry for the topics the connector reads (0 when none)',
      labelNames: ['connector'],
    });
    this.oldestWaitingGauge = gauge(registry, {
      name: 'lgsp_connector_oldest_waiting_seconds',
      help:
        'How long the oldest message not yet consumed by the connector’s group has waited, to one reading ' +
        '(2 s); counted from the gateway’s first reading for a message already there then (0 when none waits)',
      labelNames: ['connector'],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    this.admin = admin;
    this.timer = setInterval(() => void this.measure(), BACKLOG_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    const admin = this.admin;
    this.admin = undefined;
    await this.inFlight;
    await admin?.disconnect();
  }

  /** The latest measure per connector name. */
  current(): ReadonlyMap<string, ConnectorBacklog> {
    return new Map([...this.readings].map(([name, reading]) => [name, reading.backlog]));
  }

  /** One round of readings; public so a test can take one without waiting for the timer. */
  measure(): Promise<void> {
    const admin = this.admin;
    if (!admin) return Promise.resolve();
    this.inFlight ??= this.takeReadings(admin).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async takeReadings(admin: Admin): Promise<void> {
    try {
      const consumers = consumersOf(this.reader.records());
      const [openLetters, outboxAges] = await Promise.all([
        this.deadLetters.countOpenByConsumerGroup(),
        this.outbox.pendingAgeByTopic(),
      ]);
      for (const [connector, { group, topics }] of consumers) {
        if (!this.admin) return; // stopping: the readings in hand are enough
        const { topics: lags, partitions } = await this.lagOf(admin, group, topics);
        const lag = lags.reduce((total, topic) => total + topic.lag, 0);
        const previous = this.readings.get(connector);
        const history = [...(previous?.history ?? []), lag].slice(-READINGS_KEPT);
        const arrivals = previous?.arrivals ?? new ArrivalTimes(this.clock);
        const oldest = arrivals.observe(partitions);
        const ages = topics.flatMap((topic) => outboxAges.get(this.names.main(topic)) ?? []);
        const backlog: ConnectorBacklog = {
          lag,
          topics: lags,
          growing: isLagGrowing(history),
          oldestWaitingSeconds: oldest?.seconds ?? null,
          oldestWaitingAtLeast: oldest?.atLeast ?? false,
          deadLettersOpen: openLetters.get(group) ?? 0,
          outboxAgeSeconds: ages.length === 0 ? 0 : Math.round(Math.max(...ages)),
        };
        this.readings.set(connector, { backlog, history, arrivals });
        for (const { topic, lag: topicLag } of lags) this.lagGauge.set({ connector, topic }, topicLag);
        this.oldestWaitingGauge.set({ connector }, backlog.oldestWaitingSeconds ?? 0);
        this.deadLetterGauge.set({ connector }, backlog.deadLettersOpen);
        this.outboxGauge.set({ connector }, backlog.outboxAgeSeconds ?? 0);
      }
    } catch (error: unknown) {
      // The previous readings stay; the next round, two seconds later, tries again.
      this.logger.warn({ err: error }, 'Could not measure the connectors’ backlog');
    }
  }

  /**
   * Lag per logical topic: its main topic and the group's retry topics of it. A partition the group never
   * committed counts from the partition's start (the group reads from the beginning). The partitions' offsets
   * come along for the arrival times.
   */
  private async lagOf(admin: Admin, group: string, topics: string[]): Promise<GroupLag> {
    const committed = await admin.fetchOffsets({ groupId: group });
    const physical = new Set([
      ...topics.map((topic) => this.names.main(topic)),
      ...committed.map((entry) => entry.topic),
    ]);
    const prefix = this.names.main('');
    const result: GroupLag = { topics: [], partitions: [] };
    for (const topic of [...physical].sort()) {
      const ends = await admin.fetchTopicOffsets(topic);
      const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      let lag = 0;
      for (const end of ends) {
        const at = Number(offsets.find((entry) => entry.partition === end.partition)?.offset ?? -1);
        const position = at >= 0 ? at : Number(end.low);
        lag += Math.max(0, Number(end.high) - position);
        result.partitions.push({ topic, partition: end.partition, end: Number(end.high), position });
      }
      result.topics.push({ topic: topic.startsWith(prefix) ? topic.slice(prefix.length) : topic, lag });
    }
    return result;
  }
}

/** Each consuming connector's group and topics, from any replica's record (they share both). */
function consumersOf(records: ConnectorStateRecord[]): Map<string, { group: string; topics: string[] }> {
  const consumers = new Map<string, { group: string; topics: string[] }>();
  for (const record of records) {
    if (record.consumerGroup === null || record.topics.length === 0) continue;
    consumers.set(record.connector, { group: record.consumerGroup, topics: record.topics });
  }
  return consumers;
}

/** Reused when already registered: one registry may serve two gateway modules in one process (the demo). */
function gauge<Label extends string>(
  registry: MetricsRegistry,
  options: { name: string; help: string; labelNames: Label[] },
): Gauge<Label> {
  const existing: unknown = registry.getSingleMetric(options.name);
  if (existing instanceof Gauge) return existing as Gauge<Label>;
  return new Gauge({ ...options, registers: [registry] });
}
