export { ConsumerRuntime } from './consumer/consumer-runtime';
export { DeliveryHeader } from './consumer/delivery-headers';
export { FailureTraceRecorder } from './consumer/failure-trace.recorder';
export type { InboundMessage } from './consumer/inbound-message';
export type { FailureNotice } from './consumer/message-handler';
export { DeliveryContext, RequestContext } from './transport/delivery-context';
export { consumerGroup, failedDeliveriesOf } from './transport/handler-options';
export { KafkaBusClient } from './transport/kafka-bus.client';
export { KafkaBusModule } from './transport/kafka-bus.module';
export { KafkaBusServer } from './transport/kafka-bus.server';
export { createEnvelope, type Envelope, type NewEnvelope } from './envelope/envelope';
export {
  CLOUD_EVENTS_SPEC_VERSION,
  EnvelopeHeader,
  LegacyEnvelopeHeader,
  decodeEnvelope,
  encodeEnvelope,
  messageIdOf,
} from './envelope/envelope-codec';
export { CLOUD_EVENT_TYPE_PREFIX, cloudEventType } from './envelope/cloud-event-type';
export { KafkaClient } from './kafka/kafka-client.service';
export { MessagingModule } from './messaging.module';
export { MessagePublisher, type OutgoingMessage } from './producer/message-publisher.service';
export { REQUEST_TOPICS, REQUEST_TOPIC_RETENTION_MS, TopicNames, type TopicSpec } from './topics/topic-names';
export {
  TopicMisconfiguredError,
  awaitLeaders,
  TopicProvisioner,
  type PhysicalTopic,
} from './topics/topic-provisioner.service';
export { DeadLetterOperations, type ReplayResult } from './dead-letter/dead-letter-operations.service';
export { OutboxPublishError, OutboxRelay } from './outbox/outbox-relay.service';
export { OutboxRelayModule } from './outbox/outbox-relay.module';
export { OutboxWriter } from './outbox/outbox-writer';
export { CONNECTOR_STATE_INTERVAL_MS, ConnectorStatePublisher } from './ops-state/connector-state.publisher';
export {
  connectorStateKey,
  parseConnectorState,
  type ConnectorStateRecord,
} from './ops-state/connector-state.record';
export { ensureCompactedTopic } from './topics/compacted-topic';
export {
  deadLetterReplayConfig,
  type DeadLetterReplaySettings,
} from './dead-letter/dead-letter-replay.config';
