export { BusConfig, type AccessSettings, type RetentionSettings } from './bus-config';
export { MIN_SECRET_LENGTH } from './access-environment';
export { BusConfigModule } from './config.module';
export type { ConfigSlice } from './config-slice';
export { InvalidConfigurationError } from './configuration-problems';
export { emptyAsUndefined } from './security-environment';
export { validateEnvironment } from './validate-environment';
export { checkPoolForConsumers } from './pool-sizing.rule';
