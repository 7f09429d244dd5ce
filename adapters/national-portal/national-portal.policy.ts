import { BusConfig } from '@lgsp/config';
import { deadLetterReplayConfig } from '@lgsp/messaging';
import { ConnectorPolicy } from '@lgsp/resilience';
import { nationalPortalConfig } from './national-portal.config';

export const NATIONAL_PORTAL = 'national-portal';

/**
 * The portal's breaker: open after half of at least 10 calls in 5 s failed, probe after the configured reset.
 * The rate limit waits at most a third of the handler's time for a token, so a handler never outlives its
 * bound waiting (and a backlog drains at the portal's rate, not faster).
 */
export function nationalPortalPolicy(config: BusConfig): ConnectorPolicy {
  const portal = config.slice(nationalPortalConfig);
  return {
    name: NATIONAL_PORTAL,
    // A call may log in again and retry, so the breaker's bound covers the whole exchange.
    timeoutMs: portal.timeoutMs * 3,
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    rollingCountTimeoutMs: 5_000,
    resetTimeoutMs: portal.resetTimeoutMs,
    rateLimit:
      portal.ratePerSecond > 0
        ? {
            ratePerSecond: portal.ratePerSecond,
            // A small burst, so that no one second sees more than rate + burst calls and a portal counting calls per
            // clock second is never exceeded when the rate is set a tenth below its allowance.
            burst: Math.max(1, Math.ceil(portal.ratePerSecond / 10)),
            maxWaitMs: Math.floor(config.kafka.handlerTimeoutMs / 3),
          }
        : undefined,
    // Calls for replayed dead letters also wait for their share of the rate: live traffic keeps the rest.
    replayRateLimit:
      portal.ratePerSecond > 0
        ? {
            ratePerSecond: portal.ratePerSecond * config.slice(deadLetterReplayConfig).share,
            burst: 1,
            maxWaitMs: Math.floor(config.kafka.handlerTimeoutMs / 3),
          }
        : undefined,
    bulkhead: { maxConcurrent: 16, maxQueue: 256 },
  };
}
