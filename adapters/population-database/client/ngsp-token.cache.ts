/** A bearer token as NGSP issues it. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

interface CachedToken {
  accessToken: string;
  renewAtMs: number;
}

/** The share of a token's lifetime after which it is renewed, so no call leaves with a token about to expire. */
export const RENEW_AT_SHARE = 0.8;

/**
 * Holds NGSP's bearer token: renewed once 80 % of its `expires_in` has passed, and renewed at once when NGSP
 * refused it (401). However many callers find it stale or refused at the same time, one renewal runs and they
 * all wait on it. The token is held here only, never logged nor put in an error.
 */
export class NgspTokenCache {
  private cached?: CachedToken;
  private renewal?: Promise<string>;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** A token fit to use now. */
  current(): Promise<string> {
    if (this.cached && this.nowMs() < this.cached.renewAtMs) return Promise.resolve(this.cached.accessToken);
    return this.renew();
  }

  /**
   * NGSP refused `stale`: a new token, unless another caller already replaced it (then that one). Checked
   * synchronously, so callers refused in the same tick share one renewal.
   */
  replace(stale: string): Promise<string> {
    if (this.renewal) return this.renewal;
    if (this.cached && this.cached.accessToken !== stale) return Promise.resolve(this.cached.accessToken);
    this.cached = undefined;
    return this.renew();
  }

  private renew(): Promise<string> {
    this.renewal ??= this.issue()
      .then(({ accessToken, expiresInSeconds }) => {
        const lifetimeMs = Math.max(0, expiresInSeconds) * 1000;
        this.cached = { accessToken, renewAtMs: this.nowMs() + lifetimeMs * RENEW_AT_SHARE };
        return accessToken;
      })
      .finally(() => {
        this.renewal = undefined;
      });
    return this.renewal;
  }
}
