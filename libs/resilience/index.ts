export type { BreakerState, ConnectorPolicy } from './breaker-policy';
export { BreakerRegistry, type BreakerSnapshot } from './breaker-registry';
export { ConnectorGuard } from './connector-guard';
export { ConnectorGuards } from './connector-guards';
export { ResilienceModule } from './resilience.module';
