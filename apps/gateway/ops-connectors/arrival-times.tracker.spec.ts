import { BusClock } from '../intake-policy/bus-clock';
import { ArrivalTimes, PartitionReading } from './arrival-times.tracker';

const START = Date.UTC(2026, 10, 26, 7, 0, 0);

/** A clock that moves only when the spec says: one backlog reading every two seconds. */
class SteppedClock extends BusClock {
  private time = START;

  override now(): Date {
    return new Date(this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

const at = (end: number, position: number, partition = 0, topic = 'dossier.events'): PartitionReading => ({
  topic,
  partition,
  end,
  position,
});

describe('ArrivalTimes', () => {
  let clock: SteppedClock;
  let arrivals: ArrivalTimes;

  beforeEach(() => {
    clock = new SteppedClock();
    arrivals = new ArrivalTimes(clock);
  });

  /** One reading two seconds after the previous one. */
  function reading(...partitions: PartitionReading[]): ReturnType<ArrivalTimes['observe']> {
    clock.advance(2_000);
    return arrivals.observe(partitions);
  }

  it('answers null while the group keeps up', () => {
    expect(arrivals.observe([at(0, 0)])).toBeNull();
    expect(reading(at(5, 5))).toBeNull();
    expect(reading(at(9, 9), at(3, 3, 1))).toBeNull();
  });

  it('ages a message from the first reading that saw it, exact to one interval', () => {
    arrivals.observe([at(4, 4)]);
    // Offsets 4 and 5 arrive between this reading and the previous one; the group stops consuming.
    expect(reading(at(6, 4))).toEqual({ seconds: 0, atLeast: false });
    expect(reading(at(8, 4))).toEqual({ seconds: 2, atLeast: false });
    expect(reading(at(8, 4))).toEqual({ seconds: 4, atLeast: false });
    clock.advance(60_000);
    expect(arrivals.observe([at(8, 4)])).toEqual({ seconds: 64, atLeast: false });
  });

  it('moves on to the next waiting message as the group consumes, and to null once it caught up', () => {
    arrivals.observe([at(0, 0)]);
    reading(at(2, 0)); // offsets 0-1 first seen at +2 s
    reading(at(5, 0)); // offsets 2-4 at +4 s
    reading(at(7, 0)); // offsets 5-6 at +6 s
    expect(reading(at(7, 0))?.seconds).toBe(6);
    // Offsets 0-2 consumed: the oldest waiting (offset 3) was first seen at +4 s.
    expect(reading(at(7, 3))?.seconds).toBe(6);
    expect(reading(at(7, 5))?.seconds).toBe(6);
    expect(reading(at(7, 7))).toBeNull();
    // The consumed history is gone; a new message is aged from its own reading.
    expect(reading(at(8, 7))).toEqual({ seconds: 0, atLeast: false });
  });

  it('gives a message already waiting at the first reading only a lower bound', () => {
    expect(arrivals.observe([at(10, 3)])).toEqual({ seconds: 0, atLeast: true });
    expect(reading(at(12, 3))).toEqual({ seconds: 2, atLeast: true });
    // Past the messages that were there before the gateway looked, the age is known again.
    clock.advance(2_000);
    expect(arrivals.observe([at(12, 10)])).toEqual({ seconds: 2, atLeast: false });
  });

  it('takes the oldest across partitions and topics, and forgets a partition no longer read', () => {
    arrivals.observe([at(0, 0, 0), at(0, 0, 1), at(0, 0, 0, 'dossier.events.national-portal.retry-1')]);
    reading(at(1, 0, 0), at(0, 0, 1), at(0, 0, 0, 'dossier.events.national-portal.retry-1'));
    const retry = at(1, 0, 0, 'dossier.events.national-portal.retry-1');
    expect(reading(at(1, 0, 0), at(3, 0, 1), retry)).toEqual({ seconds: 2, atLeast: false });
    // Partition 0 disappears from the reading; when it comes back it is a first reading again.
    expect(reading(at(3, 0, 1), retry)).toEqual({ seconds: 2, atLeast: false });
    expect(reading(at(1, 0, 0), at(3, 3, 1), at(1, 1, 0, retry.topic))).toEqual({
      seconds: 0,
      atLeast: true,
    });
  });

  it('starts over when a partition’s offsets go back (its topic was recreated)', () => {
    arrivals.observe([at(0, 0)]);
    reading(at(50, 40));
    expect(reading(at(2, 0))).toEqual({ seconds: 0, atLeast: true });
  });
});
