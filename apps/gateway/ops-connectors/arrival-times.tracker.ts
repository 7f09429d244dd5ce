import { BusClock } from '../intake-policy/bus-clock';

/** One partition as one backlog reading saw it, for one consumer group. */
export interface PartitionReading {
  topic: string;
  partition: number;
  /** The partition's end offset (the offset the next message will get). */
  end: number;
  /** Where the group resumes: its committed offset, or the partition's start when it never committed. */
  position: number;
}

/** How long the oldest message still waiting for a group has waited, as far as the readings can tell. */
export interface OldestWaiting {
  seconds: number;
  /**
   * The message was already there at the gateway's first reading of its partition: its arrival is unknown, so
   * `seconds` only counts from that reading (a lower bound). Otherwise it is exact to one reading interval.
   */
  atLeast: boolean;
}

/** An end offset and when a reading first saw it: every message below `end` had arrived by `firstSeenAt`. */
interface Arrival {
  end: number;
  firstSeenAt: number;
  /** Seen at the partition's first reading, so its messages may have arrived at any time before. */
  atLeast: boolean;
}

/**
 * When the messages waiting for one consumer group arrived, without reading any of them: reading a message's
 * timestamp needs a consumer, too heavy every two seconds, while the admin client's end offsets are cheap. Per
 * partition it keeps each end offset with the time a reading first saw it, and forgets them once the group's
 * position has passed them. The oldest waiting message (at the group's position p) arrived no later than the
 * first reading whose end exceeded p, and after the reading before it: its age is known to one reading interval.
 */
export class ArrivalTimes {
  private readonly partitions = new Map<string, Arrival[]>();

  constructor(private readonly clock: BusClock) {}

  /**
   * Takes one reading of every partition the group reads and answers the oldest waiting message's age, null when
   * nothing waits. A partition missing from the reading is forgotten (its topic was deleted).
   */
  observe(readings: readonly PartitionReading[]): OldestWaiting | null {
    const now = this.clock.now().getTime();
    const seen = new Set<string>();
    let oldest: Arrival | undefined;
    for (const reading of readings) {
      const key = `${reading.topic}:${reading.partition}`;
      seen.add(key);
      const first = this.note(key, reading, now)[0];
      if (first !== undefined && (oldest === undefined || isOlder(first, oldest))) oldest = first;
    }
    for (const key of [...this.partitions.keys()]) if (!seen.has(key)) this.partitions.delete(key);
    if (oldest === undefined) return null;
    return { seconds: Math.max(0, Math.round((now - oldest.firstSeenAt) / 1000)), atLeast: oldest.atLeast };
  }

  /** The partition's arrivals still waiting after this reading, oldest first. */
  private note(key: string, reading: PartitionReading, now: number): Arrival[] {
    const known = this.partitions.get(key) ?? [];
    const last = known[known.length - 1];
    let arrivals = known;
    if (last === undefined || reading.end < last.end) {
      // First reading of the partition, or its offsets went back (the topic was recreated): what is there now
      // arrived at some unknown time before.
      arrivals = [{ end: reading.end, firstSeenAt: now, atLeast: true }];
    } else if (reading.end > last.end) {
      arrivals = [...known, { end: reading.end, firstSeenAt: now, atLeast: false }];
    }
    // Below the group's position everything is consumed. The newest entry stays, consumed or not: a later,
    // higher end is measured against it (its messages arrived after this reading).
    const waiting = arrivals.filter((arrival) => arrival.end > reading.position);
    const newest = arrivals[arrivals.length - 1];
    // Kept consumed, it only counts again if an operator moves the group's offsets back: what is then waiting
    // arrived at an unknown time before it was seen, hence atLeast.
    this.partitions.set(key, waiting.length > 0 ? waiting : [{ ...newest, atLeast: true }]);
    return waiting;
  }
}

/** Seen earlier; at the same reading, the lower bound wins (it may be much older than it shows). */
function isOlder(candidate: Arrival, than: Arrival): boolean {
  if (candidate.firstSeenAt !== than.firstSeenAt) return candidate.firstSeenAt < than.firstSeenAt;
  return candidate.atLeast && !than.atLeast;
}
