import { Injectable, Logger } from '@nestjs/common';
import axios, { AxiosInstance, isAxiosError } from 'axios';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { partnerHttpDefaults } from '@lgsp/security';
import { populationDatabaseConfig } from '../population-database.config';
import { IssuedToken, NgspTokenCache } from './ngsp-token.cache';

/**
 * NGSP's OAuth2 token endpoint, client-credentials grant (consumer key and secret in HTTP Basic), behind a
 * shared cache (NgspTokenCache). Neither the token nor the secret is ever logged or put in an error: errors are
 * built fresh, without the axios error (whose config holds the Authorization header).
 */
@Injectable()
export class NgspTokenClient {
  private readonly logger = new Logger('NgspTokenClient');
  private readonly http: AxiosInstance;
  private readonly cache: NgspTokenCache;
  private readonly tokenPath: string;
  private issued = 0;

  constructor(config: BusConfig) {
    const population = config.slice(populationDatabaseConfig);
    this.tokenPath = population.tokenPath;
    this.http = axios.create({
      ...partnerHttpDefaults({
        partner: 'NGSP',
        url: population.url,
        timeoutMs: population.timeoutMs,
        ...population.connection,
      }),
      auth: { username: population.consumerKey, password: population.consumerSecret },
    });
    this.cache = new NgspTokenCache(() => this.issue());
  }

  /** A token fit to use now (cached; renewed before it expires). */
  current(): Promise<string> {
    return this.cache.current();
  }

  /** NGSP refused `stale` (401): one renewal, shared by every caller that held it. */
  replace(stale: string): Promise<string> {
    return this.cache.replace(stale);
  }

  /** Tokens fetched since start, for tests and metrics. */
  get tokensIssued(): number {
    return this.issued;
  }

  private async issue(): Promise<IssuedToken> {
    let data: unknown;
    try {
      ({ data } = await this.http.post<unknown>(
        this.tokenPath,
        new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      ));
    } catch (error) {
      throw tokenFailure(error);
    }
    const reply = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
    const { access_token: accessToken, expires_in: expiresIn } = reply;
    if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number') {
      throw new DomainError(
        DomainErrorCode.PartnerUnavailable,
        'NGSP answered the token request without access_token and expires_in',
      );
    }
    this.issued += 1;
    this.logger.log({ expiresIn }, 'NGSP token obtained');
    return { accessToken, expiresInSeconds: expiresIn };
  }
}

function tokenFailure(error: unknown): DomainError {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  if (status === 400 || status === 401) {
    const body: unknown = isAxiosError(error) ? error.response?.data : undefined;
    const code =
      typeof body === 'object' && body !== null ? String((body as Record<string, unknown>).error) : 'unknown';
    // Wrong credentials count against NGSP (the breaker opens): no call can succeed until they are fixed.
    return new DomainError(
      DomainErrorCode.Unauthorized,
      `NGSP refused the bus's client credentials (HTTP ${status}, ${code}): check NGSP_CONSUMER_KEY and NGSP_CONSUMER_SECRET`,
    );
  }
  const why = isAxiosError(error)
    ? status
      ? `HTTP ${status}`
      : (error.code ?? error.message)
    : String(error);
  return new DomainError(DomainErrorCode.PartnerUnavailable, `NGSP's token endpoint is unavailable: ${why}`);
}
