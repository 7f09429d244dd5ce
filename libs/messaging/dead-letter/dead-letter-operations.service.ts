import { Injectable, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DeadLetterQuery, DeadLetterRepository, StoredDeadLetter } from '@lgsp/persistence';
import { DeliveryHeader } from '../consumer/delivery-headers';
import { MessagePublisher } from '../producer/message-publisher.service';
import { TopicNames } from '../topics/topic-names';
import { BusConfig } from '@lgsp/config';

export interface ReplayResult {
  replayed: string[];
  /** Ids that were not open (already replayed or discarded, or unknown). */
  skipped: string[];
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
    for (const letter of letters) {
      // Claim first: of two operators replaying the same letter, only one publishes it.
      const claimed = await this.repository.resolve([letter.id], 'replayed', `replayed by ${operator}`);
      if (claimed.length === 0) continue;
      await this.publisher.publishRaw(this.names.main(letter.topic), {
        key: letter.key,
        value: letter.value,
        headers: replayHeaders(letter),
      });
      replayed.push(letter.id);
    }
    this.logger.log({ operator, replayed: replayed.length }, 'Dead letters replayed');
    return { replayed, skipped: ids.filter((id) => !replayed.includes(id)) };
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
