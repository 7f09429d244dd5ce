export type { BreakerState, ConnectorPolicy } from './breaker-policy';
export { BreakerRegistry, type BreakerSnapshot } from './breaker-registry';
export { ConnectorCallWindow, type CallCounts, type CallWindowSnapshot } from './connector-call-window';
export { ConnectorGuard } from './connector-guard';
export { ConnectorGuards } from './connector-guards';
export { ResilienceModule } from './resilience.module';
export type { Admission, PartnerGate } from './partner-gate';
export { Clock } from './clock';
