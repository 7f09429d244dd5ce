import { Logger } from '@nestjs/common';
import type { Consumer, TopicPartitionOffsetAndMetadata } from 'kafkajs';

/** How often the request and reply consumers commit what they have read. */
export const REQUEST_REPLY_COMMIT_INTERVAL_MS = 1_000;

/** The part of a kafkajs consumer the committer uses. */
export type CommittingConsumer = Pick<Consumer, 'commitOffsets'>;

/**
 * Commits a request-reply consumer's offsets every `intervalMs`, away from its fetch loop. With kafkajs's
 * auto-commit, every fetched batch (one per partition) waits for an OffsetCommit round trip before the next
 * fetch is even sent, so a request or reply arriving meanwhile waits for the commits and a whole fetch; under
 * load the group coordinator takes its commits in turn and the wait grows with the partitions fetched together
 * (docs/performance.md, Citizen verification). Run the consumer with `autoCommit: false` and call `read` for
 * each message.
 *
 * The price: a restart or rebalance hands the next owner up to `intervalMs` of messages again. A request read
 * twice is answered twice (the caller keeps the first reply; a request past its deadline is dropped), a reply
 * read twice finds no caller and is dropped.
 */
export class OffsetCommitter {
  private readonly logger = new Logger('OffsetCommitter');
  /** Next offset to read, per "topic|partition", not yet committed. */
  private readonly due = new Map<string, TopicPartitionOffsetAndMetadata>();
  private timer?: NodeJS.Timeout;
  private committing?: Promise<void>;

  constructor(
    private readonly consumer: CommittingConsumer,
    private readonly name: string,
    private readonly intervalMs = REQUEST_REPLY_COMMIT_INTERVAL_MS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.commit(), this.intervalMs);
    this.timer.unref();
  }

  /** The message at `offset` was read (its handling started): the next owner starts after it. */
  read(topic: string, partition: number, offset: string): void {
    const next = (BigInt(offset) + 1n).toString();
    this.due.set(`${topic}|${partition}`, { topic, partition, offset: next });
  }

  /** A rebalance moved partitions away: their offsets are the new owner's to commit. */
  keepOnly(assigned: Record<string, number[]>): void {
    for (const [key, { topic, partition }] of this.due) {
      if (!(assigned[topic] ?? []).includes(partition)) this.due.delete(key);
    }
  }

  /** Stops the timer and commits what was read, before the consumer disconnects. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.committing;
    await this.commit();
  }

  /** Commits what was read since the last commit; one commit at a time, a failed one is tried at the next. */
  commit(): Promise<void> {
    if (this.committing || this.due.size === 0) return this.committing ?? Promise.resolve();
    const offsets = [...this.due.values()];
    this.due.clear();
    this.committing = this.consumer
      .commitOffsets(offsets)
      .catch((error: unknown) => {
        // Not lost: put back unless a later read of the partition superseded it, and tried again next time.
        for (const offset of offsets) {
          const key = `${offset.topic}|${offset.partition}`;
          if (!this.due.has(key)) this.due.set(key, offset);
        }
        this.logger.warn({ err: error, consumer: this.name }, 'Offsets could not be committed; will retry');
      })
      .finally(() => {
        this.committing = undefined;
      });
    return this.committing;
  }
}
