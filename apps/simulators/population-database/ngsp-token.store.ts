import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../kit/clock';
import { ResetRegistry } from '../kit/reset.registry';
import { POPULATION_OPTIONS, PopulationSimulatorOptions } from './population-simulator.options';

/** NGSP bearer tokens (OAuth2 client credentials) with expiry read from the injectable clock. */
@Injectable()
export class NgspTokenStore {
  private readonly tokens = new Map<string, number>();
  private issued = 0;
  private rejected = 0;

  constructor(
    private readonly clock: Clock,
    @Inject(POPULATION_OPTIONS) private readonly options: PopulationSimulatorOptions,
    resets: ResetRegistry,
  ) {
    resets.add(this);
  }

  issue(): { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string } {
    const now = this.clock.nowMs();
    if (this.tokens.size > 1000) {
      for (const [token, expiresAt] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, now + this.options.tokenTtlSeconds * 1000);
    this.issued += 1;
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.options.tokenTtlSeconds,
      scope: 'default',
    };
  }

  /** Accepts `Authorization: Bearer <token>` while the token lives. */
  authorise(header: string | undefined): boolean {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : this.tokens.get(token);
    const valid = expiresAt !== undefined && expiresAt > this.clock.nowMs();
    if (!valid) this.rejected += 1;
    return valid;
  }

  expireAll(): void {
    this.tokens.clear();
  }

  stats(): { tokensIssued: number; requestsRejected: number } {
    return { tokensIssued: this.issued, requestsRejected: this.rejected };
  }

  reset(): void {
    this.tokens.clear();
    this.issued = 0;
    this.rejected = 0;
  }
}
