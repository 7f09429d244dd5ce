import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ConsumerRuntime,
  InboundMessage,
  MessagePublisher,
  TopicNames,
  consumerGroup,
  createEnvelope,
} from '@lgsp/messaging';
import { startMessagingApp } from '../support/messaging/messaging-app';
import { BenchInfrastructure, runBenchmark } from '../support/benchmarks/bench-infrastructure';
import { log, openLoop, percentile, perSecond } from '../support/benchmarks/bench-stats';
import { runKafkajsBaseline } from '../support/benchmarks/kafkajs-baseline';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 100_000);
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1_000);
const LATENCY_COUNT = Number(process.env.BENCH_LATENCY_COUNT ?? 10_000);
const TOPIC = 'bench.events';
/** BENCH_PER_MESSAGE=true: the handler is not declared database-only, so each message has its own transaction. */
const PER_MESSAGE = process.env.BENCH_PER_MESSAGE === 'true';

/**
 * Counts arrivals and their latency. Like the dossier trace's handler it is database-only, so the runtime runs it
 * in runs of messages, one idempotent transaction per run.
 */
@Controller()
class BenchConsumer {
  consumed = 0;
  burstDoneAt = 0;
  readonly latencies: number[] = [];

  @EventPattern(TOPIC, consumerGroup('bench', { databaseOnly: !PER_MESSAGE }))
  handle(@Payload() message: InboundMessage): Promise<void> {
    const now = performance.now();
    this.consumed++;
    if (this.consumed === TOTAL) this.burstDoneAt = now;
    const sentAt = (message.envelope.payload as { sentAt?: number }).sentAt;
    if (sentAt) this.latencies.push(now - sentAt);
    return Promise.resolve();
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function measure(infrastructure: BenchInfrastructure): Promise<object> {
  const run = randomBytes(3).toString('hex');
  const prefix = infrastructure.topicPrefix(`bench-${run}`);
  const schema = infrastructure.schema(`bench_${run}`);
  log(`raw kafkajs baseline: ${TOTAL} messages, then ${LATENCY_COUNT} at ${LATENCY_RATE}/s`);
  const baseline = await runKafkajsBaseline(
    infrastructure.brokers,
    `${prefix}.baseline`,
    TOTAL,
    { rate: LATENCY_RATE, count: LATENCY_COUNT },
    { backlog: true },
  );

  const app = await startMessagingApp({
    overrides: {
      KAFKA_BROKERS: infrastructure.brokers,
      DATABASE_URL: infrastructure.databaseUrl,
      TOPIC_PREFIX: prefix,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      DATABASE_POOL_SIZE: '12',
    },
    withConsumer: false,
    controllers: [BenchConsumer],
  });
  const consumer = app.get(BenchConsumer);
  const publisher = app.get(MessagePublisher);
  const topic = new TopicNames(prefix).main(TOPIC);
  const note = 'x'.repeat(200);

  log(`bus: ${TOTAL} messages through the publisher, then the consumer runtime (idempotent handler)`);
  // As for the baseline, the consumer waits while the burst is produced: its figure is its own, not the producer's.
  const runtime = app.get(ConsumerRuntime);
  runtime.pause('bench');
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let index = 0; index < TOTAL; index++) {
    const envelope = createEnvelope({
      type: 'bench.event',
      contractVersion: 1,
      key: `k-${index % 1000}`,
      payload: { status: 4, note },
      source: 'bench',
    });
    sends.push(publisher.publish(topic, envelope));
  }
  await Promise.all(sends);
  const producedMs = performance.now() - started;
  const consumedBefore = consumer.consumed;
  const resumed = performance.now();
  runtime.resume('bench');
  await until(() => consumer.consumed >= TOTAL);
  const consumedPerSecond = perSecond(TOTAL - consumedBefore, consumer.burstDoneAt - resumed);
  log(`bus: produced ${perSecond(TOTAL, producedMs)}/s, consumed ${consumedPerSecond}/s`);

  log(`bus latency: ${LATENCY_COUNT} messages at ${LATENCY_RATE}/s (open loop)`);
  await openLoop(LATENCY_RATE, LATENCY_COUNT, (index) =>
    publisher.publish(
      topic,
      createEnvelope({
        type: 'bench.event',
        contractVersion: 1,
        key: `k-${index % 1000}`,
        payload: { status: 4, note, sentAt: performance.now() },
        source: 'bench',
      }),
    ),
  );
  await until(() => consumer.consumed >= TOTAL + LATENCY_COUNT);
  await app.close();

  const result = {
    messages: TOTAL,
    transactions: PER_MESSAGE ? 'per message' : 'per run',
    produced_per_s: perSecond(TOTAL, producedMs),
    consumed_per_s: consumedPerSecond,
    p50_ms: percentile(consumer.latencies, 50),
    p99_ms: percentile(consumer.latencies, 99),
    latency_at_per_s: LATENCY_RATE,
    baseline_per_s: baseline.consumedPerSecond,
    baseline_produced_per_s: baseline.producedPerSecond,
    baseline_p50_ms: baseline.p50Ms,
    baseline_p99_ms: baseline.p99Ms,
    consumed_ratio_to_baseline: Math.round((consumedPerSecond / baseline.consumedPerSecond) * 100) / 100,
  };
  return result;
}

runBenchmark(measure);
