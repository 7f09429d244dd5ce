/**
 * The parts a test harness has started, stopped newest first. When a later part fails to start (a configuration
 * the app refuses, a port taken), the harness stops what it already started before it fails: the test file's
 * afterAll has no handle to close, and a simulator or app left running keeps Jest from exiting.
 */
export class StartedParts {
  private readonly stops: (() => Promise<unknown>)[] = [];

  add<T>(part: T, stop: (part: T) => Promise<unknown>): T {
    this.stops.unshift(() => stop(part));
    return part;
  }

  async stopAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const stop of this.stops.splice(0)) {
      await stop().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw new AggregateError(failures, 'parts of the harness failed to stop');
  }

  /** Runs the start-up; if it fails, stops what it started and fails with the start-up's error. */
  async starting<T>(startUp: () => Promise<T>): Promise<T> {
    try {
      return await startUp();
    } catch (error) {
      await this.stopAll().catch((stopFailure: unknown) => {
        throw new AggregateError([error, stopFailure], 'the harness failed to start, then to stop');
      });
      throw error;
    }
  }
}
