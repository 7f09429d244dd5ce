export {
  PartnerHttpConfigurationError,
  partnerHttpDefaults,
  type PartnerHttpSettings,
  type PartnerTlsFiles,
} from './partner-http/partner-http.policy';
export {
  kafkaSecurityOptions,
  type KafkaSaslMechanism,
  type KafkaSecuritySettings,
} from './kafka/kafka-security';
export { PemFileError, readPemFile } from './pem-file';
export { WITHHELD, publicFailureReason } from './public-failure-reason';
