type Step = () => Promise<void>;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export class ShutdownInProgressError extends Error {
  constructor() {
    super('shutting down: nothing new starts');
  }
}

/**
 * Everything a command started, undone once however it ends: on SIGINT, SIGTERM or SIGHUP (then exit 0), when it
 * finishes or fails (`exit(code)`), or on an unhandled rejection (exit 1). Steps run in reverse order of
 * registration, so apps close before the broker they use stops and a schema is dropped after the apps using it
 * closed. Something still starting when a signal comes is waited for and then undone too (a broker half-way up
 * is still stopped). A second signal exits at once; synchronous exit hooks (a broker this process started) still
 * run then.
 */
export class Shutdown {
  private readonly steps: { name: string; undo: Step }[] = [];
  private readonly starting = new Set<Promise<unknown>>();
  private exiting?: Promise<never>;

  constructor(private readonly label: string) {
    for (const signal of SIGNALS) process.on(signal, () => this.onSignal(signal));
    process.on('unhandledRejection', (reason) => {
      console.error(`[${label}] failed: ${describe(reason)}`);
      void this.exit(1);
    });
  }

  /** Starts something and registers how to undo it, as one step: a signal during the start waits for it. */
  async start<T>(name: string, work: () => Promise<T>, undo: (started: T) => Promise<void>): Promise<T> {
    if (this.exiting) throw new ShutdownInProgressError();
    const started = (async () => {
      const value = await work();
      this.steps.push({ name, undo: () => undo(value) });
      return value;
    })();
    this.starting.add(started);
    try {
      return await started;
    } finally {
      this.starting.delete(started);
    }
  }

  /** Registers how to undo something already started (or created). */
  add(name: string, undo: Step): void {
    this.steps.push({ name, undo });
  }

  get isExiting(): boolean {
    return this.exiting !== undefined;
  }

  /**
   * Undoes every step, last first, then runs `last` (a benchmark prints its figures once everything is down) and
   * exits with `code` (1 if a step failed). Called again, it waits for the first call.
   */
  exit(code: number, last?: () => void): Promise<never> {
    this.exiting ??= this.undoAll().then((failed) => {
      last?.();
      return process.exit(failed ? 1 : code);
    });
    return this.exiting;
  }

  private async undoAll(): Promise<boolean> {
    await Promise.allSettled([...this.starting]);
    let failed = false;
    for (const step of this.steps.reverse()) {
      try {
        await step.undo();
      } catch (error) {
        failed = true;
        console.error(`[${this.label}] could not undo ${step.name}: ${describe(error)}`);
      }
    }
    return failed;
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.exiting) process.exit(1);
    console.error(`[${this.label}] ${signal}: shutting down`);
    void this.exit(0);
  }
}

/**
 * Closes the apps on SIGINT, SIGTERM or SIGHUP (consumers stop fetching, finish in-flight messages and commit),
 * then exits normally, which also lets `node --cpu-prof` write its profile.
 */
export function closeOnSignals(close: () => Promise<void>): Shutdown {
  const shutdown = new Shutdown('bus');
  shutdown.add('the apps', close);
  return shutdown;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
