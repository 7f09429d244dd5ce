export { DatabaseService, type Transaction } from './database.service';
export {
  DeadLetterRepository,
  type DeadLetterQuery,
  type DeadLetterRecord,
  type DeadLetterStatus,
  type StoredDeadLetter,
} from './dead-letter/dead-letter.repository';
export {
  DossierTraceRepository,
  type StoredTraceEntry,
  type TraceEntry,
  type TraceStage,
} from './dossier-trace/dossier-trace.repository';
export { ProcessedMessageRepository } from './idempotency/processed-message.repository';
export { OutboxRepository, type OutboxEntry, type PendingOutboxEntry } from './outbox/outbox.repository';
export { PersistenceModule } from './persistence.module';
export { MIGRATIONS_DIR, migrateSchema } from './schema-migrations';
