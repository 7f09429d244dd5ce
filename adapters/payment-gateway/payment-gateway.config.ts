import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ConfigSlice } from '@lgsp/config';
import { isPaymentGatewayName, PAYMENT_GATEWAYS, PaymentGatewayName } from './payment-gateway.port';

/**
 * Which payment gateways this bus uses and how it calls them. Each enabled gateway has its own slice
 * (paygov/paygov.config.ts, bank/bank-gateway.config.ts), read only when it is enabled: a province that takes no
 * online payments, or uses one gateway, configures nothing for the others.
 */
export class PaymentGatewayVariables {
  /**
   * Comma-separated names among PAYMENT_GATEWAYS. Unset: both outside production (the simulator's defaults) and
   * none in production, where each gateway needs a contract the province may not have. Empty: none.
   */
  @IsOptional()
  @IsString()
  PAYMENT_GATEWAYS?: string;

  /** One call to either gateway (create or query). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  PAYMENT_GATEWAY_TIMEOUT_MS = 5000;

  /** How long an open breaker answers `unavailable` before it lets one probe through. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  PAYMENT_GATEWAY_BREAKER_RESET_MS = 10_000;
}

/** What every enabled gateway's connector shares. */
export interface PaymentGatewaySettings {
  /** In PAYMENT_GATEWAYS order, whatever order the variable lists them in. */
  enabled: PaymentGatewayName[];
  timeoutMs: number;
  resetTimeoutMs: number;
  /** Plain http, for the simulator in development and test; never in production. */
  allowPlainHttp: boolean;
}

/** The names PAYMENT_GATEWAYS lists, trimmed; blanks (a trailing comma) are not names. */
const listed = (value: string): string[] =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

/** The gateways enabled by the variable, or by the environment's default when it is unset. */
export function enabledPaymentGateways(value: string | undefined, production: boolean): PaymentGatewayName[] {
  if (value === undefined) return production ? [] : [...PAYMENT_GATEWAYS];
  const names = new Set(listed(value));
  return PAYMENT_GATEWAYS.filter((name) => names.has(name));
}

export const paymentGatewayConfig: ConfigSlice<PaymentGatewayVariables, PaymentGatewaySettings> = {
  name: 'payment gateways',
  variables: PaymentGatewayVariables,
  // Nothing here is required: a production bus without PAYMENT_GATEWAYS runs with payments off. The enabled
  // gateways' slices carry what production demands of each.
  production: { required: [] },
  rules: (gateways, bus) => {
    const problems: string[] = [];
    // A gateway name is not a secret: naming the unknown one is the quickest fix.
    const unknown = listed(gateways.PAYMENT_GATEWAYS ?? '').filter((name) => !isPaymentGatewayName(name));
    if (unknown.length > 0) {
      problems.push(
        `PAYMENT_GATEWAYS names unknown gateways (${unknown.join(', ')}): each must be one of ${PAYMENT_GATEWAYS.join(', ')}`,
      );
    }
    // Opening a payment is answered within the citizen's request: a slow gateway must be a 503, not a timeout.
    if (gateways.PAYMENT_GATEWAY_TIMEOUT_MS >= bus.HTTP_REQUEST_TIMEOUT_MS) {
      problems.push('PAYMENT_GATEWAY_TIMEOUT_MS must be shorter than HTTP_REQUEST_TIMEOUT_MS');
    }
    return problems;
  },
  settings: (gateways, { production }) => ({
    enabled: enabledPaymentGateways(gateways.PAYMENT_GATEWAYS, production),
    timeoutMs: gateways.PAYMENT_GATEWAY_TIMEOUT_MS,
    resetTimeoutMs: gateways.PAYMENT_GATEWAY_BREAKER_RESET_MS,
    allowPlainHttp: !production,
  }),
};
