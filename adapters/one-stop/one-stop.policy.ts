import { BusConfig } from '@lgsp/config';
import { ConnectorPolicy } from '@lgsp/resilience';
import { oneStopConfig } from './one-stop.config';

export const ONE_STOP = 'one-stop';

export function oneStopPolicy(config: BusConfig): ConnectorPolicy {
  const oneStop = config.slice(oneStopConfig);
  return {
    name: ONE_STOP,
    timeoutMs: oneStop.timeoutMs,
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    rollingCountTimeoutMs: 5_000,
    resetTimeoutMs: oneStop.resetTimeoutMs,
    bulkhead: { maxConcurrent: 16, maxQueue: 256 },
  };
}
