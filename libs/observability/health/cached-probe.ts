/**
 * A check that runs at most once per `ttlMs`: callers while it runs, and for `ttlMs` after it answered, share
 * its answer. Orchestrators, load balancers and monitors probe every replica every few seconds each; without
 * this, every probe paid for a database round trip and a Kafka metadata request of its own.
 */
export class CachedProbe<T> {
  private running?: Promise<T>;
  private answered?: { at: number; value: T };

  constructor(
    private readonly check: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.answered && this.now() - this.answered.at < this.ttlMs)
      return Promise.resolve(this.answered.value);
    this.running ??= this.check().then(
      (value) => {
        this.answered = { at: this.now(), value };
        this.running = undefined;
        return value;
      },
      (error: unknown) => {
        this.running = undefined;
        throw error;
      },
    );
    return this.running;
  }
}
