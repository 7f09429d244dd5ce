import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { ResetRegistry } from '../kit/reset.registry';
import { NationalPortalSimulatorOptions, PORTAL_OPTIONS } from './portal-simulator.options';

/** Portal sessions with a time to live read from the injectable clock, and login counts for assertions. */
@Injectable()
export class PortalSessionStore {
  private readonly sessions = new Map<string, number>();
  private logins = 0;
  private failedLogins = 0;
  /** Sessions that ended by their time to live or by an operator, counted once each. */
  private expiredSessions = 0;

  constructor(
    private readonly clock: Clock,
    @Inject(PORTAL_OPTIONS) private readonly options: NationalPortalSimulatorOptions,
    resets: ResetRegistry,
  ) {
    resets.add(this);
  }

  open(): string {
    this.logins += 1;
    const now = this.clock.nowMs();
    // Keep the map bounded when a client logs in far more often than sessions expire.
    if (this.sessions.size > 1000) {
      for (const [token, expiresAt] of this.sessions) if (expiresAt <= now) this.expire(token);
    }
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, now + this.options.sessionTtlMs);
    return token;
  }

  recordFailedLogin(): void {
    this.failedLogins += 1;
  }

  isValid(token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expiresAt = this.sessions.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.clock.nowMs()) {
      this.expire(token);
      return false;
    }
    return true;
  }

  expireAll(): void {
    this.expiredSessions += this.sessions.size;
    this.sessions.clear();
  }

  /** A session past its time is counted when first found so, or when the map is swept. */
  stats(): { logins: number; failedLogins: number; activeSessions: number; expiredSessions: number } {
    const now = this.clock.nowMs();
    for (const [token, expiresAt] of this.sessions) if (expiresAt <= now) this.expire(token);
    return {
      logins: this.logins,
      failedLogins: this.failedLogins,
      activeSessions: this.sessions.size,
      expiredSessions: this.expiredSessions,
    };
  }

  reset(): void {
    this.sessions.clear();
    this.logins = 0;
    this.failedLogins = 0;
    this.expiredSessions = 0;
  }

  private expire(token: string): void {
    if (this.sessions.delete(token)) this.expiredSessions += 1;
  }
}
