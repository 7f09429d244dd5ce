export {
  isPartnerFailure,
  type BreakerPolicy,
  type BreakerState,
  type BulkheadPolicy,
  type ConnectorPolicy,
  type RateLimitPolicy,
} from './breaker-policy';
export {
  BreakerRegistry,
  type BreakerSnapshot,
  type BreakerStateListener,
  type GuardedAction,
} from './breaker-registry.service';
export { Bulkhead, type Release } from './bulkhead';
export { Clock, FakeClock, SystemClock } from './clock';
export { ConnectorGuard } from './connector-guard';
export { CONNECTOR_POLICIES, ConnectorGuards } from './connector-guards.service';
export { RateLimiter } from './rate-limiter';
export { METRICS_REGISTRY, ResilienceMetrics, type CallOutcome } from './resilience-metrics.service';
export { ResilienceModule, type ResilienceModuleOptions } from './resilience.module';
