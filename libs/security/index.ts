export {
  PartnerHttpConfigurationError,
  partnerHttpDefaults,
  type PartnerHttpSettings,
  type PartnerTlsFiles,
} from './partner-http/partner-http.policy';
