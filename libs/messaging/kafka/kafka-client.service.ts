import { Injectable, Logger } from '@nestjs/common';
import {
  Admin,
  Consumer,
  ConsumerConfig,
  Kafka,
  LogEntry,
  Partitioners,
  Producer,
  ProducerConfig,
  logLevel,
} from 'kafkajs';
import { BusConfig } from '@lgsp/config';
import { kafkaSecurityOptions } from '@lgsp/security';

const LEVEL_NAMES: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The one place that knows kafkajs exists. kafkajs is unmaintained since 2023 (docs/performance.md), so the rest of
 * the bus talks to our publisher and consumer runtime, never to kafkajs types directly, and a replacement
 * client only has to be wired here.
 */
@Injectable()
export class KafkaClient {
  private readonly logger = new Logger('Kafka');
  private readonly kafka: Kafka;

  constructor(private readonly config: BusConfig) {
    this.kafka = new Kafka({
      clientId: config.kafka.clientId,
      brokers: config.kafka.brokers,
      // TLS and SASL/SCRAM to the brokers when configured (libs/security).
      ...kafkaSecurityOptions(config.kafka.security),
      connectionTimeout: 5_000,
      retry: { initialRetryTime: 200, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.forward(entry),
    });
  }

  admin(): Admin {
    return this.kafka.admin();
  }

  /**
   * acks=all and idempotence: a publish resolves only once every in-sync replica has it, exactly once. Retries
   * are bounded on purpose (kafkajs warns about it): a publish must fail in bounded time so the gateway can
   * answer 503 instead of holding the caller forever. The Java-compatible partitioner keeps a dossier on the
   * same partition whichever client produced it.
   */
  producer(overrides: Partial<ProducerConfig> = {}): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      ...overrides,
    });
  }

  consumer(groupId: string, overrides: Partial<ConsumerConfig> = {}): Consumer {
    const sessionTimeout = this.config.kafka.sessionTimeoutMs;
    return this.kafka.consumer({
      groupId,
      sessionTimeout,
      heartbeatInterval: Math.floor(sessionTimeout / 10),
      maxWaitTimeInMs: this.config.kafka.maxWaitMs,
      allowAutoTopicCreation: false,
      ...overrides,
    });
  }

  private forward({ level, log }: LogEntry): void {
    const { message, ...extra } = log;
    // Logged by kafkajs for every producer, failing or not. Our bounded retries are deliberate (see producer());
    // the risk it names is surfaced when it materialises: MessagePublisher logs an error, counts it in
    // lgsp_producer_restarts_total and replaces the producer.
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    const method = LEVEL_NAMES[level] ?? 'debug';
    this.logger[method]({ ...extra, msg: message });
  }
}
