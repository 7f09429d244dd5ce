import { ICustomPartitioner, Message, Partitioners, RecordMetadata, TopicMessages } from 'kafkajs';

/**
 * Where kafkajs placed each message of a request, so the publisher can check the brokers acknowledged every
 * partition it wrote to. kafkajs (2.2.4, tulios/kafkajs#1303) retries a request per broker and keeps the answers of
 * brokers that succeeded; when a leader moves onto one of those brokers meanwhile, the moved partition's messages
 * are sent to nobody and the send still resolves. A message whose partition has no acknowledgement is such a loss.
 * Placement is by kafkajs's Java-compatible default partitioner, unchanged; only the last try's choice is kept.
 */
export class PartitionPlacements {
  private placed = new Map<Message, string>();

  /** The `createPartitioner` to give the producer whose requests are checked. */
  readonly partitioner: ICustomPartitioner = () => {
    const choose = Partitioners.DefaultPartitioner();
    return (args) => {
      const partition = choose(args);
      this.placed.set(args.message, placementOf(args.topic, partition));
      return partition;
    };
  };

  /** Before a request: forgets the previous one's placements. */
  begin(): void {
    this.placed.clear();
  }

  /** The messages of the request whose partition no broker acknowledged (none when all arrived). */
  unacknowledged(request: readonly TopicMessages[], acknowledged: readonly RecordMetadata[]): number {
    const written = new Set(acknowledged.map((each) => placementOf(each.topicName, each.partition)));
    let missing = 0;
    for (const { messages } of request) {
      for (const message of messages) {
        const placement = this.placed.get(message);
        if (placement !== undefined && !written.has(placement)) missing += 1;
      }
    }
    return missing;
  }
}

const placementOf = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** A request kafkajs reported sent, some of whose messages no broker acknowledged (see PartitionPlacements). */
export class UnacknowledgedMessagesError extends Error {
  constructor(
    readonly missing: number,
    total: number,
  ) {
    super(
      `${missing} of ${total} messages were not acknowledged by any broker (a partition's leader moved during ` +
        'the send); the request counts as failed and is sent again',
    );
    this.name = 'UnacknowledgedMessagesError';
  }
}
