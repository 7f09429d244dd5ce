export { bankGatewayConfig, type BankGatewaySettings } from './bank/bank-gateway.config';
export { BankConnector, type BankConnectorOptions } from './bank/bank.connector';
export { paygovConfig, type PaygovSettings } from './paygov/paygov.config';
export { PaygovConnector } from './paygov/paygov.connector';
export { PaymentGatewayConnectors } from './payment-gateway-connectors';
export {
  enabledPaymentGateways,
  paymentGatewayConfig,
  type PaymentGatewaySettings,
} from './payment-gateway.config';
export { PaymentGatewayModule } from './payment-gateway.module';
export { PAYMENT_BANK, PAYMENT_CONNECTOR_NAMES, PAYMENT_PAYGOV } from './payment-gateway.policy';
export * from './payment-gateway.port';
