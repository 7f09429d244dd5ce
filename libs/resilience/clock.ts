/**
 * Time as the resilience primitives see it. Injected so that rate-limit tests advance a fake clock instead of
 * sleeping; production uses the monotonic clock, which NTP adjustments cannot move backwards.
 */
export abstract class Clock {
  /** Milliseconds on a monotonic scale; only differences are meaningful. */
  abstract now(): number;
  abstract sleep(ms: number): Promise<void>;
}

export class SystemClock extends Clock {
  now(): number {
    return performance.now();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

interface Sleeper {
  dueAt: number;
  seq: number;
  resolve: () => void;
}

/** A clock that only moves when a test advances it. Sleepers wake in due order, ties in call order. */
export class FakeClock extends Clock {
  private time = 0;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers.push({ dueAt: this.time + Math.max(0, ms), seq: this.seq++, resolve });
    });
  }

  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /**
   * Moves time forward, waking each sleeper at its own due time and letting the woken code run (and sleep
   * again) before the next one wakes, so a chain of sleeps inside the window behaves as it would in real time.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      const next = this.nextDue(target);
      if (!next) break;
      this.sleepers = this.sleepers.filter((sleeper) => sleeper !== next);
      this.time = next.dueAt;
      next.resolve();
    }
    this.time = target;
    await settle();
  }

  private nextDue(limit: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const sleeper of this.sleepers) {
      if (sleeper.dueAt > limit) continue;
      if (!best || sleeper.dueAt < best.dueAt || (sleeper.dueAt === best.dueAt && sleeper.seq < best.seq)) {
        best = sleeper;
      }
    }
    return best;
  }
}

/** Runs every queued promise continuation: a macrotask starts only once the microtask queue is empty. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
