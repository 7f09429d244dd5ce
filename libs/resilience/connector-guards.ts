import { Inject, Injectable, Optional } from '@nestjs/common';
import { assertValidPolicy, type ConnectorPolicy } from './breaker-policy';
import { BreakerRegistry } from './breaker-registry';
import { Bulkhead } from './bulkhead';
import { Clock } from './clock';
import { ConnectorGuard } from './connector-guard';
import { RateLimiter } from './rate-limiter';
import { ResilienceMetrics } from './resilience-metrics';

/** Policies given to ResilienceModule.forRoot, registered when the registry is built. */
export const CONNECTOR_POLICIES = Symbol('lgsp.resilience.connector-policies');

/**
 * The guards of every connector, each built once from its policy at start. Adapters either list their policy
 * in ResilienceModule.forRoot or call {@link register} from their own constructor or onModuleInit.
 */
@Injectable()
export class ConnectorGuards {
  private readonly guards = new Map<string, ConnectorGuard>();

  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly metrics: ResilienceMetrics,
    private readonly clock: Clock,
    @Optional() @Inject(CONNECTOR_POLICIES) policies: readonly ConnectorPolicy[] | null = null,
  ) {
    for (const policy of policies ?? []) this.register(policy);
  }

  register(policy: ConnectorPolicy): ConnectorGuard {
    assertValidPolicy(policy);
    if (this.guards.has(policy.name)) throw new Error(`A guard is already registered for "${policy.name}"`);
    this.breakers.register(policy);
    const limiter = new RateLimiter(policy.name, policy.rateLimit, this.clock);
    const bulkhead = policy.bulkhead ? new Bulkhead(policy.name, policy.bulkhead) : undefined;
    const replayLimiter = policy.replayRateLimit
      ? new RateLimiter(`${policy.name} (replay)`, policy.replayRateLimit, this.clock)
      : undefined;
    const guard = new ConnectorGuard(
      policy,
      this.breakers,
      { limiter, replayLimiter },
      bulkhead,
      this.metrics,
      this.clock,
    );
    this.guards.set(policy.name, guard);
    return guard;
  }

  get(name: string): ConnectorGuard {
    const guard = this.guards.get(name);
    if (!guard) throw new Error(`No guard is registered for connector "${name}"`);
    return guard;
  }

  names(): string[] {
    return [...this.guards.keys()];
  }
}
