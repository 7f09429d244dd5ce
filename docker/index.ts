export * from './infrastructure';
export { readState } from './infrastructure-state';
export type { DatabaseState, InfrastructureState, KafkaState } from './infrastructure-state';
export { freePort } from './free-port';
export { ownInfrastructure, type OwnedInfrastructure } from './owned-infrastructure';
export { deleteTopics, dropSchema } from './run-resources';
