import { CompressionTypes, ProducerBatch } from 'kafkajs';
import { validateEnvironment } from '@lgsp/config';
import { MetricsRegistry } from '@lgsp/observability';
import type { KafkaClient } from '../kafka/kafka-client.service';
import { MessagePublisher } from './message-publisher.service';

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
