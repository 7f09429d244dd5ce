import { validateEnvironment } from '@lgsp/config';
import { KafkaClient } from '@lgsp/messaging';
import { SecuredBroker, startSecuredBroker } from '../support/hardening/secured-broker';

/** Against a broker of its own that takes only SASL/SCRAM-SHA-512 over TLS. */
describe('Kafka credentials and TLS from configuration', () => {
  let broker: SecuredBroker;

  beforeAll(async () => {
    broker = await startSecuredBroker();
  }, 180_000);

  afterAll(async () => {
    await broker?.stop();
  });

  const clientWith = (password: string): KafkaClient =>
    new KafkaClient(
      validateEnvironment({
        KAFKA_BROKERS: broker.brokers,
        KAFKA_CLIENT_ID: 'lgsp-secured-test',
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: broker.caFile,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: broker.username,
        KAFKA_SASL_PASSWORD: password,
      }),
    );

  it('creates a topic and publishes to it with SCRAM inside TLS', async () => {
    const kafka = clientWith(broker.password);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'secured', numPartitions: 1 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'secured', messages: [{ key: 'H56-1', value: 'hello' }] });
      await producer.disconnect();
      const [offsets] = await admin.fetchTopicOffsets('secured');
      expect(offsets.high).toBe('1');
    } finally {
      await admin.disconnect();
    }
  });

  it('is refused with a wrong password', async () => {
    const admin = clientWith(`${broker.password}-wrong`).admin();
    await expect(admin.connect()).rejects.toThrow(
      /SASL SCRAM SHA512 authentication failed|Authentication failed/i,
    );
  });
});
