import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_MS = 60_000;
/** The name @nestjs/throttler keeps this limiter's hits under, apart from any other throttler on the storage. */
const THROTTLER_NAME = 'client-per-minute';

/**
 * How many requests each API client may make per minute: a sliding window of one minute over the client's
 * accepted requests, kept by @nestjs/throttler's storage. A refused request does not count, so a client that
 * keeps retrying too early is let in again as soon as its oldest request leaves the window.
 *
 * Per process: each gateway instance counts on its own, so N instances behind a load balancer let a client make
 * up to N times its limit. A shared ThrottlerStorage (Redis) bound to the same token would make it cluster-wide.
 */
@Injectable()
export class ClientRateLimiter {
  constructor(@Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage) {}

  /** Counts one request of the client if it fits in its limit; otherwise says when to try again (at least 1 s). */
  async consume(clientId: string, perMinute: number): Promise<RateDecision> {
    // blockDuration 0: refused requests are not counted and nothing blocks beyond the window itself.
    const record = await this.storage.increment(
      `client:${clientId}`,
      WINDOW_MS,
      perMinute,
      0,
      THROTTLER_NAME,
    );
    if (!record.isBlocked) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire) };
  }
}
