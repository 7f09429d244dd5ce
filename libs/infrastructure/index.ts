export * from './infrastructure';
export { readState } from './infrastructure-state';
export type { DatabaseState, InfrastructureState, KafkaState } from './infrastructure-state';
export { freePort } from './free-port';
export { ownInfrastructure, type OwnedInfrastructure } from './owned-infrastructure';
export { deleteTopics, dropSchema } from './run-resources';
// For tests that start a broker of their own (TLS and SASL) and watch processes a command started.
export { waitForBroker } from './kafka/broker-readiness';
export { DEFAULT_KAFKA_VERSION, resolveKafkaClasspath } from './kafka/kafka-artifacts';
export { isProcessAlive } from './kafka/local-kafka-broker';
export { LocalKafkaCluster, type ClusterNode, type LocalClusterOptions } from './kafka/local-kafka-cluster';
