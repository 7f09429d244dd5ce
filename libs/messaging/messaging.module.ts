import { Global, Module } from '@nestjs/common';
import { ConsumerRuntime } from './consumer/consumer-runtime';
import { FailureRouter } from './consumer/failure-router';
import { HandlerTimeoutMetrics } from './consumer/handler-timeout.metrics';
import { DeadLetterOperations } from './dead-letter/dead-letter-operations.service';
import { KafkaClient } from './kafka/kafka-client.service';
import { OutboxWriter } from './outbox/outbox-writer';
import { MessagePublisher } from './producer/message-publisher.service';
import { TopicProvisioner } from './topics/topic-provisioner.service';

/**
 * Kafka for the apps: the publisher, the consumer runtime, topics, the outbox writer and dead-letter operations.
 * The outbox relay is a separate module (only apps that write to the outbox run it), and so is KafkaBusModule
 * (only apps that run bus handlers need it).
 */
@Global()
@Module({
  providers: [
    KafkaClient,
    MessagePublisher,
    TopicProvisioner,
    FailureRouter,
    HandlerTimeoutMetrics,
    ConsumerRuntime,
    OutboxWriter,
    DeadLetterOperations,
  ],
  exports: [
    KafkaClient,
    MessagePublisher,
    TopicProvisioner,
    ConsumerRuntime,
    OutboxWriter,
    DeadLetterOperations,
  ],
})
export class MessagingModule {}
