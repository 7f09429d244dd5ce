import { CompressionTypes, ProducerBatch, ProducerConfig, RecordMetadata } from 'kafkajs';
import { validateEnvironment } from '@lgsp/config';
import { MetricsRegistry } from '@lgsp/observability';
import type { KafkaClient } from '../kafka/kafka-client.service';
import { MessagePublisher } from './message-publisher.service';
import { UnacknowledgedMessagesError } from './partition-placements';

/** A publisher on a stand-in producer that keeps each request's compression; the first send waits to be let go. */
function publisherWithProducer() {
  const sent: ProducerBatch[] = [];
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const producer = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    sendBatch: async (batch: ProducerBatch) => {
      sent.push(batch);
      if (sent.length === 1) await gate;
      return [];
    },
  };
  const config = validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_COMPRESSION: 'gzip' });
  const publisher = new MessagePublisher(
    { producer: () => producer } as unknown as KafkaClient,
    config,
    new MetricsRegistry(),
  );
  return { publisher, sent, release: () => release() };
}

const message = (topic: string) => ({ topic, message: { value: Buffer.from('{}') } });

describe('MessagePublisher compression', () => {
  it('sends request-reply messages (compress: false) uncompressed, others as KAFKA_COMPRESSION says', async () => {
    const { publisher, sent, release } = publisherWithProducer();
    const first = publisher.publishTogether([message('requests')], { compress: false });
    release();
    await first;
    await publisher.publishTogether([message('events')]);
    expect(sent.map((batch) => batch.compression)).toEqual([CompressionTypes.None, CompressionTypes.GZIP]);
  });

  it('compresses a request that carries other messages beside them', async () => {
    const { publisher, sent, release } = publisherWithProducer();
    const blocking = publisher.publishTogether([message('requests')], { compress: false });
    // Queued while the first is in flight: both go in the next request.
    const together = Promise.all([
      publisher.publishTogether([message('replies')], { compress: false }),
      publisher.publishTogether([message('events')]),
    ]);
    release();
    await Promise.all([blocking, together]);
    expect(sent.map((batch) => batch.compression)).toEqual([CompressionTypes.None, CompressionTypes.GZIP]);
    expect(sent[1].topicMessages?.map((topic) => topic.topic)).toEqual(['replies', 'events']);
  });
});

/**
 * A stand-in producer that places messages with the partitioner it was given (three partitions, as kafkajs does)
 * and acknowledges every partition but those in `dropped`: what kafkajs returns when a leader moved during a send
 * (tulios/kafkajs#1303).
 */
function publisherWithLeaderChanges(dropped: ReadonlySet<number>) {
  const producers: string[] = [];
  const partitionMetadata = [0, 1, 2].map((partitionId) => ({
    partitionId,
    leader: partitionId,
    partitionErrorCode: 0,
    replicas: [partitionId],
    isr: [partitionId],
  }));
  const kafka = {
    producer: ({ createPartitioner }: ProducerConfig) => {
      const partition = createPartitioner!();
      producers.push('producer');
      return {
        connect: () => Promise.resolve(),
        disconnect: () => Promise.resolve(),
        sendBatch: ({ topicMessages }: ProducerBatch): Promise<RecordMetadata[]> => {
          const written = new Set<string>();
          const acknowledged: RecordMetadata[] = [];
          for (const { topic, messages } of topicMessages ?? []) {
            for (const message of messages) {
              const placed = partition({ topic, partitionMetadata, message });
              if (dropped.has(placed) || written.has(`${topic}/${placed}`)) continue;
              written.add(`${topic}/${placed}`);
              acknowledged.push({ topicName: topic, partition: placed, errorCode: 0 });
            }
          }
          return Promise.resolve(acknowledged);
        },
      };
    },
  };
  const config = validateEnvironment({ KAFKA_BROKERS: '127.0.0.1:9092' });
  const publisher = new MessagePublisher(kafka as unknown as KafkaClient, config, new MetricsRegistry());
  return { publisher, producers };
}

const keyed = (key: string) => ({ topic: 'dossier.events', message: { key, value: Buffer.from('{}') } });
/** Keys the default partitioner puts on three different partitions of three. */
const ONE_PER_PARTITION = ['dossier-4', 'dossier-1', 'dossier-0'];

describe('MessagePublisher acknowledgements', () => {
  it('resolves when every partition it wrote to was acknowledged', async () => {
    const { publisher, producers } = publisherWithLeaderChanges(new Set());
    await publisher.publishTogether(ONE_PER_PARTITION.map(keyed));
    expect(producers).toHaveLength(1);
  });

  it('fails a send whose partition no broker acknowledged, and replaces the producer', async () => {
    const { publisher, producers } = publisherWithLeaderChanges(new Set([1]));
    await expect(publisher.publishTogether(ONE_PER_PARTITION.map(keyed))).rejects.toBeInstanceOf(
      UnacknowledgedMessagesError,
    );
    expect(producers).toHaveLength(2);
  });
});
