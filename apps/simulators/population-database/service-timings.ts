import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../kit/reset.registry';

/** Enough for a benchmark's run at 500/s for over a minute; older entries go first. */
const MAX_ENTRIES = 50_000;

/**
 * How long the simulator took over each SOAP call (from its arrival to its answer, injected latency included),
 * keyed by the request's `MaYeuCau`, so a benchmark can subtract the partner's own time from what the bus adds.
 * Calls that share a `MaYeuCau` (a look-up, then a check) add up.
 */
@Injectable()
export class ServiceTimings {
  private readonly byRequestId = new Map<string, number>();

  constructor(resets: ResetRegistry) {
    resets.add(this);
  }

  add(requestId: string, ms: number): void {
    const before = this.byRequestId.get(requestId);
    if (before === undefined && this.byRequestId.size >= MAX_ENTRIES) {
      const oldest = this.byRequestId.keys().next();
      if (!oldest.done) this.byRequestId.delete(oldest.value);
    }
    this.byRequestId.set(requestId, (before ?? 0) + ms);
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.byRequestId);
  }

  reset(): void {
    this.byRequestId.clear();
  }
}
