import type { ConnectorPolicy } from '@lgsp/resilience';
import type { PaymentGatewaySettings } from './payment-gateway.config';
import type { PaymentGatewayName } from './payment-gateway.port';

export const PAYMENT_PAYGOV = 'payment-paygov';
export const PAYMENT_BANK = 'payment-bank';

/** The connector (guard, breaker, metrics label) of each gateway. */
export const PAYMENT_CONNECTOR_NAMES: Readonly<Record<PaymentGatewayName, string>> = {
  paygov: PAYMENT_PAYGOV,
  bank: PAYMENT_BANK,
};

/**
 * One breaker per gateway: PayGov down must not stop bank payments. No `isFailure`: the default counts only
 * what says the gateway is unhealthy (PartnerUnavailable, timeouts, network errors), so a refused create or
 * query (RejectedByPartner) leaves the breaker closed.
 */
export function paymentGatewayPolicy(
  name: PaymentGatewayName,
  settings: PaymentGatewaySettings,
): ConnectorPolicy {
  return {
    name: PAYMENT_CONNECTOR_NAMES[name],
    // A little above the HTTP timeout, so axios's own timeout (which closes the socket) normally fires first.
    timeoutMs: settings.timeoutMs + 250,
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    rollingCountTimeoutMs: 10_000,
    resetTimeoutMs: settings.resetTimeoutMs,
    // A citizen waits on every create: a short queue, so an overloaded gateway answers "unavailable" at once.
    bulkhead: { maxConcurrent: 16, maxQueue: 64 },
  };
}
