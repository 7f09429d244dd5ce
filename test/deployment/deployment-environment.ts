import type { ConfigSlice } from '@lgsp/config';
import {
  bankGatewayConfig,
  enabledPaymentGateways,
  paygovConfig,
  paymentGatewayConfig,
} from '@lgsp/adapters/payment-gateway';
import { configSlicesOf, enabledConnectors } from '../../apps/worker/connector-table';
import { citizenVerificationConfig } from '../../apps/gateway/citizens/citizen-verification.config';
import { paymentReconciliationConfig } from '../../apps/gateway/payments/payment-reconciliation.config';

export type Environment = Record<string, string>;

/** The active assignments of an env file (`NAME=value`; comments and commented defaults left out). */
export function readEnvFile(text: string): Environment {
  return Object.fromEntries(
    [...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2].trim()]),
  );
}

/**
 * Compose's interpolation of `${NAME}`, `${NAME:-default}`, `${NAME-default}` and `${NAME:?message}`, innermost
 * first so that a default may hold another variable. A `:?` variable that is unset is an error, as in compose.
 */
export function interpolate(value: string, environment: Environment): string {
  const innermost = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^${}]*))?\}/;
  let text = value;
  for (let match = innermost.exec(text); match; match = innermost.exec(text)) {
    const [whole, name, operator, operand] = match;
    const set = environment[name];
    const empty = set === undefined || (operator?.startsWith(':') === true && set === '');
    if (empty && operator?.endsWith('?')) throw new Error(`${name} is required: ${operand}`);
    const replacement = empty ? (operator?.endsWith('-') ? operand : '') : set;
    text = text.replace(whole, replacement);
  }
  return text;
}

/**
 * Every configuration slice a deployment with this environment validates: the connectors its workers run
 * (CONNECTORS), the gateway's own, and each payment gateway it enables.
 */
export function slicesFor(environment: Environment): ConfigSlice[] {
  const production = environment.NODE_ENV === 'production';
  const gateways = { paygov: paygovConfig, bank: bankGatewayConfig };
  return [
    ...configSlicesOf(enabledConnectors(environment.CONNECTORS)),
    citizenVerificationConfig,
    paymentReconciliationConfig,
    paymentGatewayConfig,
    ...enabledPaymentGateways(environment.PAYMENT_GATEWAYS, production).map((name) => gateways[name]),
  ] as ConfigSlice[];
}
