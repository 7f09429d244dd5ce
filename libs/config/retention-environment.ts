import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * How long the bus keeps rows that only grow: one per request, message or event. Deleted by the worker's
 * retention job in small batches; docs/retention.md says why each default is what it is.
 */
export class RetentionEnvironmentVariables {
  /** How often the retention job runs in each worker; 0 turns it off (another process then runs it). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RETENTION_INTERVAL_MS = 600_000;

  /** Rows deleted per statement: each batch is its own short transaction, so nothing waits on a long delete. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RETENTION_BATCH_SIZE = 1_000;

  /** A retried REST request with the same Idempotency-Key within this window gets the first answer. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RETENTION_IDEMPOTENCY_KEY_HOURS = 168;

  /** Outbox rows already published to Kafka (unpublished rows are never deleted). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RETENTION_OUTBOX_SENT_HOURS = 24;

  /**
   * Ids of messages a handler applied (and the partner calls made for them). Must outlive the longest possible
   * redelivery: the topic's retention plus every retry hop (checked at boot).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RETENTION_PROCESSED_MESSAGE_HOURS = 336;

  /** Lines of the dossier timeline (GET /v1/dossiers/{code}/trace). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RETENTION_DOSSIER_TRACE_DAYS = 180;
}
