import { KafkaContainer } from '@testcontainers/kafka';
import { KafkaState } from '../infrastructure-state';

const IMAGE_VERSION = '7.9.0';

/**
 * Starts Kafka in KRaft mode with testcontainers. The container is marked reusable and left running after this
 * process exits, so `up` behaves the same as with the local broker; `down` stops it by id.
 */
export async function startKafkaContainer(log: (line: string) => void): Promise<KafkaState> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  log(`Starting Kafka (confluentinc/cp-kafka:${IMAGE_VERSION}, KRaft) with testcontainers`);
  const container = await new KafkaContainer(`confluentinc/cp-kafka:${IMAGE_VERSION}`).withKraft().start();
  return {
    brokers: `${container.getHost()}:${container.getMappedPort(9093)}`,
    source: 'testcontainers',
    version: `cp-kafka ${IMAGE_VERSION}`,
    containerId: container.getId(),
    startedAt: new Date().toISOString(),
  };
}
