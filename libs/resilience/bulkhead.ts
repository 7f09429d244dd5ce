import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { BulkheadPolicy } from './breaker-policy';

/** Releases a bulkhead slot; calling it more than once has no further effect. */
export type Release = () => void;

/**
 * Caps the calls in flight to one partner, so a slow partner ties up a bounded share of the worker instead of
 * every handler. Waiters are served in arrival order: a freed slot passes straight to the head of the queue,
 * so a newcomer can never overtake it.
 */
export class Bulkhead {
  private inFlight = 0;
  private readonly waiting: Array<(release: Release) => void> = [];

  constructor(
    private readonly name: string,
    private readonly policy: BulkheadPolicy,
  ) {}

  get active(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a slot is held; rejects with PartnerUnavailable when full. */
  acquire(): Promise<Release> {
    if (this.inFlight < this.policy.maxConcurrent) {
      this.inFlight += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.policy.maxQueue) {
      return Promise.reject(
        new DomainError(
          DomainErrorCode.PartnerUnavailable,
          `${this.name} bulkhead full: ${this.inFlight} calls in flight, ${this.waiting.length} waiting`,
        ),
      );
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async run<T>(action: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await action();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot changes hands without being freed, so the count of calls in flight never dips.
      if (next) next(this.releaser());
      else this.inFlight -= 1;
    };
  }
}
