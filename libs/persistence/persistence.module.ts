import { Global, Logger, Module, OnModuleInit } from '@nestjs/common';
import { BusConfig } from '@lgsp/config';
import { DatabaseService } from './database.service';
import { DossierDeliveryRepository } from './dossier-ledger/dossier-delivery.repository';
import { DossierIntakeRepository } from './dossier-ledger/dossier-intake.repository';
import { DossierLedgerRepository } from './dossier-ledger/dossier-ledger.repository';
import { FeedCursorRepository } from './feed-cursor/feed-cursor.repository';
import { IdempotencyKeyRepository } from './idempotency-keys/idempotency-key.repository';
import { DossierTraceRepository } from './dossier-trace/dossier-trace.repository';
import { DeadLetterRepository } from './dead-letter/dead-letter.repository';
import { ProcessedMessageRepository } from './idempotency/processed-message.repository';
import { OutboxRepository } from './outbox/outbox.repository';
import { PaymentOrderRepository } from './payment-orders/payment-order.repository';
import { PartnerStateRepository } from './partner-state/partner-state.repository';
import { DeliveryTimingRepository } from './delivery-timing/delivery-timing.repository';
import { BulkReplayRepository } from './dead-letter/bulk-replay.repository';
import { migrateSchema } from './schema-migrations';

const REPOSITORIES = [
  ProcessedMessageRepository,
  DeadLetterRepository,
  OutboxRepository,
  DossierTraceRepository,
  DossierLedgerRepository,
  DossierIntakeRepository,
  DossierDeliveryRepository,
  IdempotencyKeyRepository,
  FeedCursorRepository,
  PaymentOrderRepository,
  PartnerStateRepository,
  DeliveryTimingRepository,
  BulkReplayRepository,
];

@Global()
@Module({
  providers: [DatabaseService, ...REPOSITORIES],
  exports: [DatabaseService, ...REPOSITORIES],
})
export class PersistenceModule implements OnModuleInit {
  private readonly logger = new Logger('Persistence');

  constructor(private readonly config: BusConfig) {}

  // Before any consumer starts: handlers must never meet a schema older than their code.
  async onModuleInit(): Promise<void> {
    if (!this.config.database.runMigrations) return;
    const applied = await migrateSchema(this.config.database.url, this.config.database.schema, {
      info: (message) => this.logger.debug(message),
      warn: (message) => this.logger.warn(message),
      error: (message) => this.logger.error(message),
    });
    if (applied.length > 0) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
  }
}
