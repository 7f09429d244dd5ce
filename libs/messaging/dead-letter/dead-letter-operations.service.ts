import { Injectable, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DatabaseService, DeadLetterQuery, DeadLetterRepository, StoredDeadLetter } from '@lgsp/persistence';
import { DeliveryHeader } from '../consumer/delivery-headers';
import { safeReason } from '../consumer/failure-router';
import { MessagePublisher } from '../producer/message-publisher.service';
import { TopicNames } from '../topics/topic-names';
import { BusConfig } from '@lgsp/config';

export interface ReplayResult {
  replayed: string[];
  /** Ids that were not open (already replayed or discarded, or unknown). */
  skipped: string[];
  /** Letters whose copy the broker did not take: still open, with why. */
  failed: { id: string; reason: string }[];
}

/** Headers a replay must not carry over: the copy starts its retries afresh. */
const DROPPED_ON_REPLAY = new Set<string>([
  DeliveryHeader.attempt,
  DeliveryHeader.notBefore,
  DeliveryHeader.lastError,
  DeliveryHeader.deadLetterCode,
  DeliveryHeader.deadLetterReason,
  DeliveryHeader.deadLetteredAt,
  DeliveryHeader.consumerGroup,
  DeliveryHeader.sourceTopic,
  DeliveryHeader.sourcePartition,
  DeliveryHeader.sourceOffset,
]);

/**
 * What an operator can do with dead letters. A replay sends the original bytes, with the original message id,
 * to the main topic: a consumer that already applied that id skips it, so replaying never applies twice.
 */
@Injectable()
export class DeadLetterOperations {
  private readonly logger = new Logger('DeadLetterOperations');
  private readonly names: TopicNames;

  constructor(
    private readonly repository: DeadLetterRepository,
    private readonly publisher: MessagePublisher,
    private readonly db: DatabaseService,
    config: BusConfig,
  ) {
    this.names = TopicNames.from(config);
  }

  list(query: DeadLetterQuery): Promise<StoredDeadLetter[]> {
    return this.repository.list(query);
  }

  async replay(ids: string[], operator: string): Promise<ReplayResult> {
    const letters = await this.repository.findOpen(ids);
    const replayed: string[] = [];
    const failed: ReplayResult['failed'] = [];
    for (const letter of letters) {
      try {
        if (await this.replayOne(letter, operator)) replayed.push(letter.id);
      } catch (error) {
        failed.push({ id: letter.id, reason: safeReason(error) });
        this.logger.warn(
          { err: error, letter: letter.id },
          'A dead letter could not be replayed; it stays open',
        );
      }
    }
    this.logger.log({ operator, replayed: replayed.length, failed: failed.length }, 'Dead letters replayed');
    const acted = new Set([...replayed, ...failed.map((failure) => failure.id)]);
    return { replayed, skipped: ids.filter((id) => !acted.has(id)), failed };
  }

  /**
   * The letter is marked replayed in the same transaction that holds its row while the copy is published, so
   * it is closed only once the broker took the copy, and of two operators replaying it only one publishes (the
   * other waits on the row, then finds it closed). A failed publish rolls back: the letter stays open.
   */
  private replayOne(letter: StoredDeadLetter, operator: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const claimed = await this.repository.resolve([letter.id], 'replayed', `replayed by ${operator}`, tx);
      if (claimed.length === 0) return false;
      await this.publishCopy(letter);
      return true;
    });
  }

  /**
   * Sends the letter's original bytes, with its original message id, to its main topic; resolves once the broker
   * took the copy. Marking the letter (and auditing the replay) is the caller's: see replay above, and the
   * gateway's audited replay, which commits its intent before it publishes.
   */
  async publishCopy(letter: StoredDeadLetter): Promise<void> {
    await this.publisher.publishRaw(this.names.main(letter.topic), {
      key: letter.key,
      value: letter.value,
      headers: replayHeaders(letter),
    });
  }

  async discard(ids: string[], operator: string, reason: string): Promise<string[]> {
    if (!reason.trim())
      throw new DomainError(DomainErrorCode.ValidationFailed, 'A discard needs a reason', [
        { field: 'reason', message: 'must not be empty' },
      ]);
    return this.repository.resolve(ids, 'discarded', `discarded by ${operator}: ${reason.trim()}`);
  }
}

function replayHeaders(letter: StoredDeadLetter): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.headers)) {
    if (!DROPPED_ON_REPLAY.has(name)) headers[name] = value;
  }
  const previous = Number(letter.headers[DeliveryHeader.replayCount] ?? 0);
  headers[DeliveryHeader.replayCount] = String(previous + 1);
  return headers;
}
