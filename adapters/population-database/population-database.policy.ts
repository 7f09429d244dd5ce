import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { ConnectorPolicy } from '@lgsp/resilience';
import { populationDatabaseConfig } from './population-database.config';

export const POPULATION_DATABASE = 'population-database';

/**
 * Answers that say NGSP is up: it refused our request, or our own caller stopped waiting (a deadline passed on
 * the gateway's side says nothing about NGSP's health).
 */
const NOT_NGSP_FAILURES: ReadonlySet<DomainErrorCode> = new Set([
  DomainErrorCode.RejectedByPartner,
  DomainErrorCode.ValidationFailed,
  DomainErrorCode.NotFound,
  DomainErrorCode.DeadlineExceeded,
]);

export function isNgspFailure(error: unknown): boolean {
  return !(error instanceof DomainError && NOT_NGSP_FAILURES.has(error.code));
}

export function populationDatabasePolicy(config: BusConfig): ConnectorPolicy {
  const population = config.slice(populationDatabaseConfig);
  return {
    name: POPULATION_DATABASE,
    // One guarded call may be a token request, the SOAP call, a renewal after a 401 and the retry.
    timeoutMs: population.timeoutMs * 4,
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    rollingCountTimeoutMs: 5_000,
    resetTimeoutMs: population.resetTimeoutMs,
    isFailure: isNgspFailure,
    // Someone waits on every call: a short queue, so an overloaded NGSP answers "unavailable" rather than late.
    bulkhead: { maxConcurrent: population.maxConcurrent, maxQueue: population.maxConcurrent * 4 },
  };
}
