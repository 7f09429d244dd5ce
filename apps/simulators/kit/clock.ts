/**
 * The simulators' notion of "now". Expiry (sessions, tokens, rate windows) reads it, so tests move time
 * forward instead of sleeping. Delays that must really delay a response (latency faults) use timers.
 */
export class Clock {
  nowMs(): number {
    return Date.now();
  }

  now(): Date {
    return new Date(this.nowMs());
  }
}

/** A clock that only moves when told to. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | number = Date.UTC(2025, 0, 15, 2, 0, 0)) {
    super();
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  override nowMs(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a clock only moves forward');
    this.current += ms;
  }

  set(to: Date | number): void {
    this.current = typeof to === 'number' ? to : to.getTime();
  }
}
