import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsumerRuntime } from './consumer/consumer-runtime.service';
import { FailureRouter } from './consumer/failure-router.service';
import { KafkaClient } from './kafka/kafka-client.service';
import { MessagePublisher } from './producer/message-publisher.service';
import { TopicProvisioner } from './topics/topic-provisioner.service';

/** Kafka for the apps: the publisher, the consumer runtime that runs @MessageConsumer providers, topics. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [KafkaClient, MessagePublisher, TopicProvisioner, FailureRouter, ConsumerRuntime],
  exports: [KafkaClient, MessagePublisher, TopicProvisioner, ConsumerRuntime],
})
export class MessagingModule {}
