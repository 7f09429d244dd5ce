import { Kafka, logLevel } from 'kafkajs';
import { awaitLeaders } from '@lgsp/messaging';
import { log, openLoop, percentile, perSecond } from './bench-stats';

export interface BaselineResult {
  producedPerSecond: number;
  consumedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Raw kafkajs, no bus: batches of 1,000 with acks=all, and a consumer that only counts. The ceiling that the
 * bus's own figures are compared with, on the same broker in the same process.
 *
 * `backlog`: the consumer is paused while the burst is produced and timed from its resumption, so its figure is
 * the consumer's alone, not bounded by the producer's pace (as the messaging benchmark times the bus's consumer).
 */
export async function runKafkajsBaseline(
  brokers: string,
  topic: string,
  total: number,
  latency: { rate: number; count: number },
  options: { backlog?: boolean } = {},
): Promise<BaselineResult> {
  const kafka = new Kafka({
    clientId: 'bench-baseline',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: false });
  await awaitLeaders(admin, [topic]);
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 100 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });

  const expected = total + latency.count;
  let consumed = 0;
  let firstConsumedAt = 0;
  let burstConsumedAt = 0;
  const latencies: number[] = [];
  let allConsumed!: () => void;
  const done = new Promise<void>((resolve) => (allConsumed = resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      firstConsumedAt ||= now;
      for (const message of batch.messages) {
        consumed++;
        const sentAt = Number(message.headers?.sentAt?.toString());
        if (sentAt) latencies.push(now - sentAt);
        if (consumed === total) burstConsumedAt = now;
      }
      if (consumed >= expected) allConsumed();
      return Promise.resolve();
    },
  });

  const payload = Buffer.from(
    JSON.stringify({ dossierCode: 'H12.34-250101-0001', status: 4, note: 'x'.repeat(200) }),
  );
  if (options.backlog) consumer.pause([{ topic }]);
  let started = performance.now();
  for (let offset = 0; offset < total; offset += 1000) {
    const messages = Array.from({ length: Math.min(1000, total - offset) }, (_, index) => ({
      key: `k-${(offset + index) % 1000}`,
      value: payload,
    }));
    await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
  }
  const producedMs = performance.now() - started;
  let consumedBefore = 0;
  if (options.backlog) {
    consumedBefore = consumed;
    started = performance.now();
    consumer.resume([{ topic }]);
  }
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (consumed >= total) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
  const consumedMs = burstConsumedAt - started;
  const consumedPerSecond = perSecond(total - consumedBefore, consumedMs);
  log(`baseline: produced ${perSecond(total, producedMs)}/s, consumed ${consumedPerSecond}/s`);

  await openLoop(latency.rate, latency.count, async (index) => {
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: `k-${index % 1000}`, value: payload, headers: { sentAt: String(performance.now()) } },
      ],
    });
  });
  await done;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return {
    producedPerSecond: perSecond(total, producedMs),
    consumedPerSecond,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}
