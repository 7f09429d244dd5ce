import { Module } from '@nestjs/common';
import { PaymentGatewayConnectors } from './payment-gateway-connectors';

/**
 * The payment-gateway connectors PAYMENT_GATEWAYS enables (PayGov, bank). Needs BusConfig and ConnectorGuards,
 * which BusConfigModule and ResilienceModule provide globally; no database, no routes (the gateway app's payment
 * routes use the export).
 */
@Module({
  providers: [PaymentGatewayConnectors],
  exports: [PaymentGatewayConnectors],
})
export class PaymentGatewayModule {}
