import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Consumer } from 'kafkajs';
import { BusConfig, checkPoolForConsumers } from '@lgsp/config';
import { Topics } from '@lgsp/contracts';
import { DatabaseService, ProcessedMessageRepository } from '@lgsp/persistence';
import { KafkaClient } from '../kafka/kafka-client.service';
import { REQUEST_TOPICS, REQUEST_TOPIC_RETENTION_MS, TopicNames } from '../topics/topic-names';
import { PhysicalTopic, TopicProvisioner } from '../topics/topic-provisioner.service';
import { BATCH_RUN, BatchProcessor, ConsumerBinding } from './batch-processor';
import { FailureRouter } from './failure-router';
import { HandlerTimeoutMetrics } from './handler-timeout.metrics';
import { ConsumerDefinition, ConsumerOptions } from './message-handler';
import { PartitionPauses } from './partition-pauses';

interface RunningConsumer {
  binding: ConsumerBinding;
  consumer: Consumer;
  /** Why each partition is paused (parked, held); the Kafka client's pauses are derived from it. */
  pauses: PartitionPauses;
  /** How often the consumer was parked since start: for operators and the demo's summary. */
  parkCount: number;
}

/**
 * Runs consumer groups on kafkajs directly. The NestJS Kafka transport has no retry topics, dead letters, pause
 * per connector or bounded partition concurrency (docs/performance.md), so this runtime owns them; the bus's own
 * Nest transport (KafkaBusServer) hands it the @EventPattern handlers of an app's controllers.
 */
@Injectable()
export class ConsumerRuntime implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ConsumerRuntime');
  private readonly names: TopicNames;
  private readonly running = new Map<string, RunningConsumer>();
  private partnerDown: (name: string) => boolean = () => true;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly provisioner: TopicProvisioner,
    private readonly config: BusConfig,
    private readonly db: DatabaseService,
    private readonly processed: ProcessedMessageRepository,
    private readonly failures: FailureRouter,
    private readonly handlerTimeouts: HandlerTimeoutMetrics,
  ) {
    this.names = TopicNames.from(config);
  }

  /**
   * Every app provisions every bus topic (and its dead-letter topic), not only those it consumes: a gateway that
   * only publishes must find its topics there, since the broker does not create topics on first use.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.provisioner.ensure(this.busTopics());
  }

  /**
   * Starts one consumer group per definition, with its retry and dead-letter topics, and resolves once each has
   * joined its group. The transport calls it when the app's microservice listens, after every module started.
   */
  async start(definitions: ConsumerDefinition[]): Promise<void> {
    const bindings = definitions.map((definition) => this.bind(definition));
    const taken = bindings.filter((binding) => this.running.has(binding.options.name));
    if (taken.length > 0) {
      throw new Error(
        `Consumers already running: ${taken.map((binding) => binding.options.name).join(', ')}`,
      );
    }
    // Before any consumer starts: too small a pool makes handlers wait for a connection and go to retry topics.
    checkPoolForConsumers(this.config, this.running.size + bindings.length);
    const topics = new Map<string, PhysicalTopic>();
    for (const topic of bindings.flatMap((binding) => this.topicsOf(binding))) topics.set(topic.topic, topic);
    await this.provisioner.ensure([...topics.values()]);
    await Promise.all(bindings.map((binding) => this.run(binding)));
  }

  /** Stops fetching, lets in-flight messages finish and commits their offsets. */
  async stop(): Promise<void> {
    const entries = [...this.running.values()];
    this.running.clear();
    await Promise.all(
      entries.map(async (entry) => {
        entry.pauses.clear();
        await entry.consumer.disconnect();
      }),
    );
  }

  /**
   * Nest runs onModuleDestroy before onApplicationShutdown, where the pool and the producer close: in-flight
   * handlers still have both. An app whose microservice was not closed first (a testing module) stops here too.
   */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /**
   * Whoever follows the partners' breakers says here whether a partner is still down. A handler asks for a park
   * after its call was refused by an open breaker, but by the time that failure is routed another partition's
   * probe may have closed the breaker again, and nothing would ever resume the consumer.
   */
  followPartners(partnerDown: (name: string) => boolean): void {
    this.partnerDown = partnerDown;
  }

  /** A handler's call was refused because its partner is down: parks the consumer unless the partner is back. */
  parkAfterRefusal(name: string): void {
    if (this.partnerDown(name)) this.pause(name);
  }

  /** Parks a connector's consumer: its topics stop being fetched; nothing is retried or dead-lettered. */
  pause(name: string): void {
    const entry = this.running.get(name);
    if (!entry || !entry.pauses.park()) return;
    entry.parkCount += 1;
    this.logger.warn({ consumer: name }, 'Consumer paused: its partner is unavailable');
  }

  resume(name: string): void {
    const entry = this.running.get(name);
    if (!entry || !entry.pauses.unpark()) return;
    this.logger.log({ consumer: name }, 'Consumer resumed');
  }

  isPaused(name: string): boolean {
    return this.running.get(name)?.pauses.parked ?? false;
  }

  /** What the Kafka client itself has paused, per topic: the truth operators and tests compare against. */
  pausedPartitions(name: string): { topic: string; partitions: number[] }[] {
    const entry = this.running.get(name);
    if (!entry) return [];
    return entry.consumer.paused().map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
  }

  pauseCount(name: string): number {
    return this.running.get(name)?.parkCount ?? 0;
  }

  /** The logical topics a consumer reads (without prefix, retry topics or dead letters); none when not running. */
  subscribedTopics(name: string): string[] {
    return [...(this.running.get(name)?.binding.options.topics ?? [])];
  }

  consumerNames(): string[] {
    return [...this.running.keys()];
  }

  /**
   * kafkajs restarts a consumer after a retriable crash by itself; after any other crash it has disconnected for
   * good. Such a consumer leaves the running list, which makes the app unready (its readiness checks the list),
   * so an orchestrator restarts the process instead of leaving the connector's messages waiting unseen.
   */
  private crashed(name: string, entry: RunningConsumer, crash: { error: Error; restart: boolean }): void {
    if (crash.restart) {
      this.logger.warn(
        { consumer: name, err: crash.error },
        'Consumer crashed; the Kafka client restarts it',
      );
      return;
    }
    if (this.running.get(name) !== entry) return;
    this.running.delete(name);
    entry.pauses.clear();
    this.logger.error(
      { consumer: name, err: crash.error },
      'Consumer crashed and the Kafka client does not restart it: the app is unready until it is restarted',
    );
  }

  private bind({ options, handler }: ConsumerDefinition): ConsumerBinding {
    const full: Required<ConsumerOptions> = { idempotent: true, runLength: BATCH_RUN, ...options };
    const logicalTopicOf = new Map<string, string>();
    const mainTopicOf = new Map<string, string>();
    for (const topic of full.topics) {
      logicalTopicOf.set(this.names.main(topic), topic);
      mainTopicOf.set(this.names.main(topic), topic);
      this.config.kafka.retryDelaysMs.forEach((_, index) =>
        logicalTopicOf.set(this.names.retry(topic, full.name, index + 1), topic),
      );
    }
    return {
      options: full,
      handler,
      groupId: this.names.consumerGroup(full.name),
      logicalTopicOf,
      mainTopicOf,
    };
  }

  private busTopics(): PhysicalTopic[] {
    return Object.values(Topics).flatMap((topic) => [
      REQUEST_TOPICS.has(topic)
        ? { ...this.physical(this.names.main(topic)), retentionMs: REQUEST_TOPIC_RETENTION_MS }
        : this.physical(this.names.main(topic)),
      this.physical(this.names.deadLetter(topic)),
    ]);
  }

  private topicsOf(binding: ConsumerBinding): PhysicalTopic[] {
    const topics = [...binding.logicalTopicOf.keys()].map((topic) => this.physical(topic));
    const deadLetters = binding.options.topics.map((topic) => this.physical(this.names.deadLetter(topic)));
    return [...topics, ...deadLetters];
  }

  private physical(topic: string): PhysicalTopic {
    const { topicPartitions: partitions, topicRetentionMs, retryDelaysMs } = this.config.kafka;
    // A retry or dead letter must outlive the longest delay, or it would expire before its turn.
    const retentionMs = Math.max(topicRetentionMs, ...retryDelaysMs.map((delay) => delay * 2));
    return { topic, partitions, retentionMs };
  }

  private async run(binding: ConsumerBinding): Promise<void> {
    const consumer = this.kafka.consumer(binding.groupId);
    const pauses = new PartitionPauses(consumer, [...binding.logicalTopicOf.keys()]);
    const entry: RunningConsumer = { binding, consumer, pauses, parkCount: 0 };
    const processor = new BatchProcessor(binding, {
      db: this.db,
      processed: this.processed,
      failures: this.failures,
      handlerTimeoutMs: this.config.kafka.handlerTimeoutMs,
      onHandlerTimeout: () => this.handlerTimeouts.record(binding.options.name),
      inPlaceRetries: this.config.kafka.inPlaceRetries,
      park: () => this.parkAfterRefusal(binding.options.name),
      // A retry partition whose head is not yet due waits, paused, instead of blocking a handler.
      holdUntil: (topic, partition, dueAt) => pauses.hold(topic, partition, dueAt),
      isPaused: (topic, partition) => pauses.isPaused(topic, partition),
    });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(binding.options.name, entry, payload));
    await consumer.connect();
    await consumer.subscribe({ topics: [...binding.logicalTopicOf.keys()], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.config.kafka.partitionsConcurrency,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => processor.process(payload),
    });
    this.running.set(binding.options.name, entry);
    await joined;
    this.logger.log({ consumer: binding.options.name, group: binding.groupId }, 'Consumer joined its group');
  }
}
