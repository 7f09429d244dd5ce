export {
  BusConfig,
  type BreakerSettings,
  type ConnectorSettings,
  type KafkaSecurity,
  type KafkaSettings,
  type LogFormat,
  type PartnerConnection,
  type PartnerTls,
  type RetentionSettings,
} from './bus-config';
export { BusConfigModule } from './config.module';
export { EnvironmentVariables } from './environment.schema';
export { InvalidConfigurationError, validateEnvironment } from './validate-environment';
export { POOL_HEADROOM, checkPoolForConsumers } from './pool-sizing.rule';
