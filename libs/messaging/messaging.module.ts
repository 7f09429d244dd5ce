import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsumerRuntime } from './consumer/consumer-runtime.service';
import { FailureRouter } from './consumer/failure-router.service';
import { DeadLetterOperations } from './dead-letter/dead-letter-operations.service';
import { KafkaClient } from './kafka/kafka-client.service';
import { OutboxWriter } from './outbox/outbox-writer';
import { MessagePublisher } from './producer/message-publisher.service';
import { TopicProvisioner } from './topics/topic-provisioner.service';

/**
 * Kafka for the apps: the publisher, the consumer runtime that runs @MessageConsumer providers, topics, the
 * outbox writer and dead-letter operations. The outbox relay is a separate module: only apps that write to the
 * outbox run it.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    KafkaClient,
    MessagePublisher,
    TopicProvisioner,
    FailureRouter,
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
