import 'reflect-metadata';

export { DomainError, DomainErrorCode, type FieldProblem } from './errors/domain-error';
export { OperatorTopics, Topics, type TopicName } from './topics';

export { ApplicantKind, ApplicantV1 } from './common/applicant.v1';
export { DOWNLOAD_URL, DossierDocumentV1, ResultDocumentV1 } from './common/dossier-document.v1';
export { DossierSnapshotV1 } from './common/dossier-snapshot.v1';
export {
  ALLOWED_STATUS_TRANSITIONS,
  DOSSIER_STATUSES,
  DossierStatus,
  TERMINAL_DOSSIER_STATUSES,
  canTransition,
  isTerminalStatus,
} from './common/dossier-status';
export { CollectionMethod, FeeKind, FeeV1, MAX_AMOUNT_VND } from './common/fee.v1';
export { PaymentOrderV1 } from './common/payment-order.v1';
export { contractExample } from './examples/contract-examples';

export {
  CITIZEN_VERIFICATION_COMPLETED,
  citizenVerificationCompletedContract,
} from './citizen-verification-completed/citizen-verification-completed.contract';
export {
  CitizenVerificationCompletedV1,
  citizenVerificationCompletedV1,
} from './citizen-verification-completed/v1/citizen-verification-completed.v1';
export {
  CITIZEN_VERIFICATION_REQUESTED,
  citizenVerificationRequestedContract,
} from './citizen-verification-requested/citizen-verification-requested.contract';
export {
  CitizenVerificationRequestedV1,
  VerificationPurposeV1,
  citizenVerificationRequestedV1,
} from './citizen-verification-requested/v1/citizen-verification-requested.v1';
export {
  CONNECTOR_DELIVERY_FAILED,
  connectorDeliveryFailedContract,
} from './connector-delivery-failed/connector-delivery-failed.contract';
export {
  ConnectorDeliveryFailedV1,
  connectorDeliveryFailedV1,
} from './connector-delivery-failed/v1/connector-delivery-failed.v1';
export {
  DOSSIER_FILED_ON_PORTAL,
  dossierFiledOnPortalContract,
} from './dossier-filed-on-portal/dossier-filed-on-portal.contract';
export {
  DossierFiledOnPortalV1,
  dossierFiledOnPortalV1,
} from './dossier-filed-on-portal/v1/dossier-filed-on-portal.v1';
export {
  DOSSIER_REGISTERED,
  dossierRegisteredContract,
} from './dossier-registered/dossier-registered.contract';
export {
  DossierRegisteredV1,
  SubmissionChannel,
  dossierRegisteredV1,
} from './dossier-registered/v1/dossier-registered.v1';
export {
  DOSSIER_STATUS_CHANGED,
  dossierStatusChangedContract,
} from './dossier-status-changed/dossier-status-changed.contract';
export { dossierStatusChangedV1ToV2 } from './dossier-status-changed/dossier-status-changed.v1-to-v2.upcaster';
export {
  DossierStatusChangedV1,
  ProcessingStepV1,
  dossierStatusChangedV1,
} from './dossier-status-changed/v1/dossier-status-changed.v1';
export {
  DossierStatusChangedV2,
  ProcessingStepV2,
  dossierStatusChangedV2,
} from './dossier-status-changed/v2/dossier-status-changed.v2';
export { DOSSIER_UPDATED, dossierUpdatedContract } from './dossier-updated/dossier-updated.contract';
export { DossierUpdatedV1, dossierUpdatedV1 } from './dossier-updated/v1/dossier-updated.v1';
export { PAYMENT_COMPLETED, paymentCompletedContract } from './payment-completed/payment-completed.contract';
export { PaymentCompletedV1, paymentCompletedV1 } from './payment-completed/v1/payment-completed.v1';
export { paymentCompletedV1ToV2 } from './payment-completed/payment-completed.v1-to-v2.upcaster';
export {
  MAX_PAID_FEES,
  PaidFeeV2,
  PaymentCompletedV2,
  paymentCompletedV2,
} from './payment-completed/v2/payment-completed.v2';
export { PAYMENT_FAILED, paymentFailedContract } from './payment-failed/payment-failed.contract';
export { PaymentFailedV1, paymentFailedV1 } from './payment-failed/v1/payment-failed.v1';
export { PAYMENT_REQUESTED, paymentRequestedContract } from './payment-requested/payment-requested.contract';
export { PaymentRequestedV1, paymentRequestedV1 } from './payment-requested/v1/payment-requested.v1';

export {
  contractVersion,
  defineContract,
  defineUpcaster,
  type ContractClass,
  type ContractDefinition,
  type ContractStatus,
  type ContractVersion,
  type Upcaster,
} from './registry/contract-definition';
export {
  ContractRegistry,
  contractRegistry,
  latestVersion,
  upcasterFrom,
} from './registry/contract-registry';
export { readMessage, validated, type ReadMessage, type ValidationStrictness } from './registry/read-message';
export {
  DEFINITIONS_PREFIX,
  JSON_SCHEMA_DRAFT,
  classSchemas,
  contractSchemaId,
  contractVersionSchema,
  referencedSchemas,
  rootSchema,
  type JsonSchema,
} from './schema/contract-schema.generator';
export {
  FREEZE_COMMAND,
  checkFrozenSchemas,
  compareWithFrozen,
  frozenSchemaFile,
  schemaDifferences,
  type FrozenSchemaCheck,
  type FrozenState,
} from './schema/frozen-schema.check';
export { IsCalendarDate, IsCalendarDateOrYear, IsOffsetDateTime } from './validation/date-formats.decorator';
export {
  DocumentHostAllowList,
  allowDocumentHosts,
  allowedDocumentHosts,
  isLocalOrAddressHost,
} from './validation/document-hosts';
export { IsDocumentUrl, documentUrlProblem } from './validation/document-url.decorator';
export { IsCode, IsText, Optional } from './validation/field-rules.decorator';
export { INTAKE_POLICY_RULES } from './validation/intake-policy';
export { IsPersonalId, personalIdProblem } from './validation/is-personal-id.decorator';
export { NormalizedText, normalizeText } from './validation/normalized-text.decorator';
export { IsPlainText, plainTextProblem } from './validation/plain-text.decorator';
export { passesContractRules } from './validation/precompiled-rules';
export { IsWithinRecordSize, MAX_RECORD_BYTES } from './validation/record-size.decorator';
export { ROOT_FIELD, describeProblems, validationProblems } from './validation/validation-problems';
