import { DynamicModule, InjectionToken, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { ConnectorPolicy } from './breaker-policy';
import { BreakerRegistry } from './breaker-registry';
import { Clock, SystemClock } from './clock';
import { ConnectorCallWindow } from './connector-call-window';
import { CONNECTOR_POLICIES, ConnectorGuards } from './connector-guards';
import { METRICS_REGISTRY, ResilienceMetrics } from './resilience-metrics';

export interface ResilienceModuleOptions {
  /** Connectors guarded from the start; adapters may also register their own later. */
  policies?: readonly ConnectorPolicy[];
  /**
   * Where the metrics go: a registry, or the token of a provider holding one (e.g. the app's metrics
   * registry that /metrics serves). Absent: a private registry, exported as METRICS_REGISTRY. A token's
   * provider must be global or come from a module listed in `imports`.
   */
  metricsRegistry?: Registry | InjectionToken;
  imports?: ModuleMetadata['imports'];
  clock?: Clock;
}

/** Breakers, rate limits and bulkheads for the connectors; global so every adapter module can inject them. */
@Module({})
export class ResilienceModule {
  static forRoot(options: ResilienceModuleOptions = {}): DynamicModule {
    return {
      module: ResilienceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        metricsRegistryProvider(options.metricsRegistry),
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: CONNECTOR_POLICIES, useValue: options.policies ?? [] },
        ResilienceMetrics,
        ConnectorCallWindow,
        BreakerRegistry,
        ConnectorGuards,
      ],
      exports: [
        METRICS_REGISTRY,
        Clock,
        ResilienceMetrics,
        ConnectorCallWindow,
        BreakerRegistry,
        ConnectorGuards,
      ],
    };
  }
}

function metricsRegistryProvider(source: Registry | InjectionToken | undefined): Provider {
  if (source === undefined) return { provide: METRICS_REGISTRY, useValue: new Registry() };
  if (source instanceof Registry) return { provide: METRICS_REGISTRY, useValue: source };
  return { provide: METRICS_REGISTRY, useExisting: source };
}
