/** The slice of a Kafka consumer that pauses and resumes fetching. */
export interface PausableConsumer {
  pause(topics: { topic: string; partitions?: number[] }[]): void;
  resume(topics: { topic: string; partitions?: number[] }[]): void;
}

interface Hold {
  topic: string;
  partition: number;
  dueAt: number;
  timer: NodeJS.Timeout;
}

/**
 * Why each partition of one consumer is paused: the whole consumer parked (its partner is down), or one partition
 * held until a message is due (a retry's turn, an in-place backoff). kafkajs keeps a single pause set per topic,
 * where a whole-topic pause or resume wipes the partition entries and a partition pause cancels the whole-topic
 * one; so the reasons live here and the client's state is always derived from them, never edited piecemeal.
 */
export class PartitionPauses {
  private parkedNow = false;
  private cleared = false;
  private readonly holds = new Map<string, Hold>();

  constructor(
    private readonly consumer: PausableConsumer,
    private readonly topics: readonly string[],
  ) {}

  get parked(): boolean {
    return this.parkedNow;
  }

  /** Returns true when the consumer was running until now. */
  park(): boolean {
    const wasRunning = !this.parkedNow;
    this.parkedNow = true;
    // Whole-topic pauses also cover partitions assigned later, by a rebalance, while parked.
    this.consumer.pause(this.topics.map((topic) => ({ topic })));
    return wasRunning;
  }

  /** Returns true when the consumer was parked until now. Held partitions stay paused until their time. */
  unpark(): boolean {
    if (!this.parkedNow) return false;
    this.parkedNow = false;
    this.consumer.resume(this.topics.map((topic) => ({ topic })));
    // Same tick as the resume: no fetch can see the held partitions running in between.
    for (const hold of this.holds.values()) {
      this.consumer.pause([{ topic: hold.topic, partitions: [hold.partition] }]);
    }
    return true;
  }

  /** Pauses one partition until `dueAt`; a later due time extends an existing hold, an earlier one does not. */
  hold(topic: string, partition: number, dueAt: number): void {
    if (this.cleared) return;
    const key = `${topic}/${partition}`;
    const existing = this.holds.get(key);
    if (existing && existing.dueAt >= dueAt) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => this.release(key), Math.max(0, dueAt - Date.now()));
    this.holds.set(key, { topic, partition, dueAt, timer });
    // While parked the whole-topic pause covers it; a partition pause now would lift that for the others.
    if (!existing && !this.parkedNow) this.consumer.pause([{ topic, partitions: [partition] }]);
  }

  isPaused(topic: string, partition: number): boolean {
    return this.parkedNow || this.holds.has(`${topic}/${partition}`);
  }

  /**
   * Stops every timer for good: the consumer is going away. A batch still finishing while it disconnects may ask
   * for a hold; its timer would resume a consumer kafkajs has already torn down, which throws from the timer.
   */
  clear(): void {
    this.cleared = true;
    for (const hold of this.holds.values()) clearTimeout(hold.timer);
    this.holds.clear();
  }

  private release(key: string): void {
    const hold = this.holds.get(key);
    if (!hold) return;
    this.holds.delete(key);
    if (!this.parkedNow) this.consumer.resume([{ topic: hold.topic, partitions: [hold.partition] }]);
  }
}
