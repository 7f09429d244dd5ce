export { DatabaseService, type AfterRollback, type Transaction } from './database.service';
export { PoolExhaustedError } from './database-busy';
export {
  DeadLetterRepository,
  type DeadLetterQuery,
  type DeadLetterRecord,
  type DeadLetterStatus,
  type StoredDeadLetter,
} from './dead-letter/dead-letter.repository';
export {
  DossierDeliveryRepository,
  type Delivery,
  type DeliveryState,
  type CallNote,
  type AnsweredStep,
  type UnsettledStep,
  type StepNotes,
} from './dossier-ledger/dossier-delivery.repository';
export { DossierIntakeRepository, type IntakeWrites } from './dossier-ledger/dossier-intake.repository';
export { DossierLedgerRepository, type LedgerEntry } from './dossier-ledger/dossier-ledger.repository';
export { FeedCursorRepository } from './feed-cursor/feed-cursor.repository';
export {
  IdempotencyKeyRepository,
  idempotencyKeyOf,
  type ClientKey,
  type StoredAnswer,
  type StoredResponse,
} from './idempotency-keys/idempotency-key.repository';
export {
  DossierTraceRepository,
  type StoredTraceEntry,
  type TraceEntry,
  type TraceStage,
  type TracedMessage,
  traceEntry,
} from './dossier-trace/dossier-trace.repository';
export { ProcessedMessageRepository } from './idempotency/processed-message.repository';
export { OutboxRepository, type OutboxEntry, type PendingOutboxEntry } from './outbox/outbox.repository';
export {
  PaymentOrderRepository,
  type NewPaymentOrder,
  type PaymentFee,
  type PaymentOrder,
  type PaymentOrderState,
  type Settlement,
} from './payment-orders/payment-order.repository';
export {
  PartnerStateRepository,
  type MaintenanceWindow,
  type OutageCause,
  type PartnerOverride,
  type PartnerState,
  type SharedBreakerState,
} from './partner-state/partner-state.repository';
export {
  DeliveryTimingRepository,
  UNKNOWN_AGENCY,
  type AcknowledgedEvent,
  type DeliveryTiming,
  type ParkedCause,
  type ParkedPeriod,
} from './delivery-timing/delivery-timing.repository';
export {
  BulkReplayRepository,
  type BulkReplay,
  type BulkReplayFilter,
  type BulkReplayState,
} from './dead-letter/bulk-replay.repository';
export { PersistenceModule } from './persistence.module';
export { MIGRATIONS_DIR, migrateSchema } from './schema-migrations';
export { RetentionModule } from './retention/retention.module';
export { RetentionJob, type RetentionReport } from './retention/retention.job';
export { transactionsOn } from './connection-transactions';
