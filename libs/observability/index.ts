export { CorrelationContext } from './correlation-context';
export { correlateRequests } from './correlation.hooks';
export { CORRELATION_HEADER, correlationIdOf, isCallersCorrelationId } from './correlation-id';
export { ObservabilityModule } from './logging.module';
export { REDACTED_PATHS, maskPersonalIds } from './redaction';
export { MetricsModule } from './metrics/metrics.module';
export { MetricsRegistry } from './metrics/metrics-registry';
export { MetricsEndpointModule } from './metrics/metrics-endpoint.module';
export * from './tracing';
