import { Provider, Type } from '@nestjs/common';
import { MicroserviceOptions } from '@nestjs/microservices';
import { Test, TestingModule } from '@nestjs/testing';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import { BusConfigModule } from '@lgsp/config';
import {
  KafkaBusModule,
  KafkaBusServer,
  MessagePublisher,
  MessagingModule,
  OutboxRelayModule,
  createEnvelope,
} from '@lgsp/messaging';
import { ObservabilityModule } from '@lgsp/observability';
import { PersistenceModule } from '@lgsp/persistence';
import { ResilienceModule } from '@lgsp/resilience';
import { BEHAVIOUR, Behaviour, EFFECT_TABLE_SQL, RecordingConsumer } from './recording-consumer';
import { brokers, databaseUrl } from '../test-environment';

export interface MessagingAppOptions {
  overrides: Record<string, string>;
  behaviour?: Behaviour;
  withConsumer?: boolean;
  withRelay?: boolean;
  /** Controllers whose @EventPattern handlers run beside (or instead of) the recording one. */
  controllers?: Type[];
}

/**
 * A Nest application with the messaging and persistence libraries, as the apps wire them: its handlers run as
 * the worker's do, in a Nest microservice on the bus's transport.
 */
export async function startMessagingApp(options: MessagingAppOptions): Promise<TestingModule> {
  const providers: Provider[] = [{ provide: BEHAVIOUR, useValue: options.behaviour ?? (() => undefined) }];
  const moduleRef = await Test.createTestingModule({
    imports: [
      BusConfigModule.forRoot(options.overrides),
      ObservabilityModule,
      PersistenceModule,
      MessagingModule,
      KafkaBusModule,
      ResilienceModule.forRoot(),
      ...(options.withRelay ? [OutboxRelayModule] : []),
    ],
    providers,
    controllers: [
      ...((options.withConsumer ?? true) ? [RecordingConsumer] : []),
      ...(options.controllers ?? []),
    ],
  }).compile();
  // As the apps do: Nest's own lines (consumers, the failure router) go through pino, redacted, to the LOG_FILE.
  moduleRef.useLogger(moduleRef.get(Logger));
  moduleRef.enableShutdownHooks();
  // Initialises the modules (once: the microservice shares the testing module's container), then the consumers.
  const microservice = moduleRef.createNestMicroservice<MicroserviceOptions>({
    strategy: moduleRef.get(KafkaBusServer),
  });
  await microservice.listen();
  return moduleRef;
}

/** The effect table lives in the test's own schema; created before any consumer can write to it. */
export async function createEffectTable(schema: string): Promise<void> {
  await withClient(async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    await client.query(EFFECT_TABLE_SQL);
  });
}

export async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface EffectRow {
  message_id: string;
  message_key: string;
  seq: number | null;
  attempt: number;
}

export async function effects(schema: string): Promise<EffectRow[]> {
  return withClient(async (client) => {
    const result = await client.query<EffectRow>(
      `SELECT message_id, message_key, seq, attempt FROM ${schema}.test_effect ORDER BY id`,
    );
    return result.rows;
  });
}

/** Reads a topic from the beginning with a throwaway group, until `count` messages arrived. */
export async function readTopic(topic: string, count: number, timeoutMs = 60_000): Promise<KafkaMessage[]> {
  const kafka = new Kafka({
    clientId: 'test-reader',
    brokers: brokers().split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
  const received: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${received.length} of ${count} messages arrived on ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: ({ message }) => {
          received.push(message);
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** Publishes a test event keyed `key` to a physical topic through the app's own publisher; returns its message id. */
export async function publishTestEvent(app: TestingModule, topic: string, key: string): Promise<string> {
  const envelope = createEnvelope({
    type: 'test.event',
    contractVersion: 1,
    key,
    payload: {},
    source: 'test',
  });
  await app.get(MessagePublisher).publish(topic, envelope);
  return envelope.id;
}
