import { randomBytes } from 'node:crypto';
import {
  RunningSimulators,
  SimulatorsOptions,
  startSimulators,
} from '../../../apps/simulators/simulators.bootstrap';
import type { StartedParts } from '../started-parts';

/**
 * The simulators a test harness runs in its own process, closed with the harness's other parts, and the key the
 * one-stop simulator checks on the bus's calls (as a province's one-stop system does).
 */
export async function startHarnessSimulators(
  parts: StartedParts,
  options: SimulatorsOptions = {},
): Promise<{ simulators: RunningSimulators; oneStopApiKey: string }> {
  const oneStopApiKey = randomBytes(16).toString('base64url');
  const simulators = parts.add(
    await startSimulators({ logLevels: ['error'], oneStop: { apiKey: oneStopApiKey }, ...options }),
    (started) => started.close(),
  );
  return { simulators, oneStopApiKey };
}

/**
 * The bus's settings against the simulators in tests: every partner at its simulator, with short retry delays,
 * timeouts and breaker resets so that a test sees a whole cycle within seconds.
 */
export function busTestSettings(
  simulators: RunningSimulators,
  oneStopApiKey: string,
): Record<string, string> {
  return {
    NATIONAL_PORTAL_URL: simulators.urls.nationalPortal,
    ONE_STOP_URL: simulators.urls.oneStop,
    ONE_STOP_API_KEY: oneStopApiKey,
    KAFKA_RETRY_DELAYS_MS: '500,2000,5000',
    KAFKA_HANDLER_TIMEOUT_MS: '6000',
    // A quarter of the shortest handler timeout a test sets (3 s): the population connector's own rule.
    POPULATION_DATABASE_TIMEOUT_MS: '700',
    NATIONAL_PORTAL_TIMEOUT_MS: '2000',
    NATIONAL_PORTAL_BREAKER_RESET_MS: '1000',
    NATIONAL_PORTAL_FEED_POLL_MS: '200',
    ONE_STOP_BREAKER_RESET_MS: '1000',
    PAYGOV_URL: simulators.urls.paymentGateway,
    BANK_GATEWAY_URL: simulators.urls.paymentGateway,
    PAYMENT_GATEWAY_TIMEOUT_MS: '1500',
    PAYMENT_GATEWAY_BREAKER_RESET_MS: '1000',
  };
}
