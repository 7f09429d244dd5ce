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
export { ClientRateLimiter, type RateDecision } from './limits/client-rate-limiter';
export { LimitsModule } from './limits/limits.module';
export {
  ACCESS_RULE,
  OAUTH2_SCHEME,
  PublicRoute,
  RequiresScope,
  type AccessRule,
} from './access/access.decorators';
export { AccessGuard } from './access/access.guard';
export { AccessModule } from './access/access.module';
export {
  ALL_AGENCIES,
  CurrentPrincipal,
  attachPrincipal,
  canReachAgency,
  principalOf,
  type Principal,
} from './access/principal';
export { ALL_SCOPES, Scope, formatScopes, isScope, parseScopes } from './access/scope';
export { CLIENT_ID_PATTERN, type ApiClient } from './clients/api-client';
export { apiClientSql } from './clients/api-client.repository';
export {
  ClientAdministration,
  ClientAdministrationError,
  describeClient,
  type ClientDraft,
  type RunInTransaction,
} from './clients/client-administration';
export { ClientDirectory } from './clients/client-directory.service';
export {
  ACCESS_TOKEN_TYPE,
  InvalidTokenError,
  type AccessTokenClaims,
  type IssuedToken,
} from './tokens/access-token';
export { KeySealingError } from './tokens/key-sealing';
export { SIGNING_ALGORITHM, signingKeySql } from './tokens/signing-key.repository';
export { SigningKeys } from './tokens/signing-keys.service';
export { TokenIssuer } from './tokens/token-issuer.service';
export { TokenVerifier } from './tokens/token-verifier.service';
