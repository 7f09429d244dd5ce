import { Injectable } from '@nestjs/common';
import { BusConfig, ConfigSlice, InvalidConfigurationError } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { ConnectorGuards } from '@lgsp/resilience';
import { bankGatewayConfig } from './bank/bank-gateway.config';
import { BankConnector } from './bank/bank.connector';
import { paygovConfig } from './paygov/paygov.config';
import { PaygovConnector } from './paygov/paygov.connector';
import { paymentGatewayConfig } from './payment-gateway.config';
import { paymentGatewayPolicy } from './payment-gateway.policy';
import { PAYMENT_GATEWAYS, PaymentGatewayConnector, PaymentGatewayName } from './payment-gateway.port';

/**
 * The payment gateways a caller may choose, by the name the REST contract uses: those PAYMENT_GATEWAYS enables.
 * Built once at start, which is when the configuration is validated: the common slice, then the slice of each
 * enabled gateway (and only those, so a gateway the province has no contract with needs no variables). Each
 * enabled gateway's guard (breaker, timeout, bulkhead) is registered here, so a process holds one per gateway.
 */
@Injectable()
export class PaymentGatewayConnectors {
  private readonly connectors = new Map<PaymentGatewayName, PaymentGatewayConnector>();

  constructor(config: BusConfig, guards: ConnectorGuards) {
    const gateways = config.slice(paymentGatewayConfig);
    const isEnabled = (name: PaymentGatewayName): boolean => gateways.enabled.includes(name);
    // Both gateways' problems in one refusal, as at boot, rather than the first slice's alone.
    const problems: string[] = [];
    const read = <TSettings>(slice: ConfigSlice<object, TSettings>): TSettings | undefined => {
      try {
        return config.slice(slice);
      } catch (error: unknown) {
        if (!(error instanceof InvalidConfigurationError)) throw error;
        problems.push(...error.problems);
        return undefined;
      }
    };
    const paygov = isEnabled('paygov') ? read(paygovConfig) : undefined;
    const bank = isEnabled('bank') ? read(bankGatewayConfig) : undefined;
    if (problems.length > 0) throw new InvalidConfigurationError(problems);

    const guard = (name: PaymentGatewayName) => guards.register(paymentGatewayPolicy(name, gateways));
    if (paygov) this.connectors.set('paygov', new PaygovConnector(paygov, gateways, guard('paygov')));
    if (bank) this.connectors.set('bank', new BankConnector(bank, gateways, guard('bank')));
  }

  /** Throws ValidationFailed (on `gateway`) for a gateway this bus does not enable. */
  get(name: PaymentGatewayName): PaymentGatewayConnector {
    const connector = this.connectors.get(name);
    if (!connector) {
      const enabled = this.enabled();
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `The ${name} payment gateway is not enabled in this bus`,
        [
          {
            field: 'gateway',
            message: `must be one of the enabled gateways: ${enabled.length > 0 ? enabled.join(', ') : '(none)'}`,
          },
        ],
      );
    }
    return connector;
  }

  /** The enabled gateways, in PAYMENT_GATEWAYS order; empty when this bus takes no online payments. */
  enabled(): PaymentGatewayName[] {
    return PAYMENT_GATEWAYS.filter((name) => this.connectors.has(name));
  }

  all(): PaymentGatewayConnector[] {
    return this.enabled().map((name) => this.get(name));
  }
}
