import { INestApplicationContext } from '@nestjs/common';
import { Topics } from '@lgsp/contracts';
import { MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { DossierTraceRepository } from '@lgsp/persistence';
import { startWorker } from '../../apps/worker/worker.bootstrap';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';

describe('foundation: messaging lib → real Kafka → worker app → PostgreSQL', () => {
  const env = createTestEnvironment('foundation', { CONNECTORS: 'dossier-trace' });
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await startWorker(env.overrides);
  });

  afterAll(async () => {
    await worker?.close();
    await env.release();
  });

  it('writes a row for a message published with acks=all', async () => {
    console.log(`broker ${process.env.KAFKA_BROKERS}, topic prefix ${env.prefix}`);
    const envelope = createEnvelope({
      type: 'dossier.status-changed',
      contractVersion: 1,
      key: 'H12.34-250101-0001',
      payload: { status: 2 },
      source: 'foundation-test',
    });
    const topic = new TopicNames(env.prefix).main(Topics.dossierEvents);
    await worker.get(MessagePublisher).publish(topic, envelope);

    const trace = worker.get(DossierTraceRepository);
    const timeline = await expectEventually(async () => {
      const entries = await trace.timeline('H12.34-250101-0001');
      expect(entries).toHaveLength(1);
      return entries;
    });
    expect(timeline[0]).toMatchObject({
      stage: 'published',
      messageId: envelope.id,
      correlationId: envelope.correlationId,
      eventType: 'dossier.status-changed',
    });
  });
});
