import { Injectable, Logger } from '@nestjs/common';
import axios, { AxiosInstance } from 'axios';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import {
  PortalReply,
  asPortalReply,
  isSessionExpired,
  isSuccess,
  rejection,
  transportFailure,
} from './portal-reply';

/**
 * The national portal's integration API: one login, one endpoint, a `service` name per operation. Keeps one
 * session for all calls, logs in once when several calls find none, and on an expired session logs in again
 * once and retries once.
 */
@Injectable()
export class NationalPortalClient {
  private readonly logger = new Logger('NationalPortalClient');
  private readonly http: AxiosInstance;
  private session?: Promise<string>;

  constructor(private readonly config: BusConfig) {
    const portal = config.connectors.nationalPortal;
    this.http = axios.create({
      baseURL: `${portal.url}/`,
      timeout: portal.timeoutMs,
      headers: { dstcode: portal.dstcode, 'content-type': 'application/json' },
      // The portal's verdict is in the body; HTTP errors are classified by transportFailure.
      validateStatus: (status) => status >= 200 && status < 300,
    });
  }

  /**
   * `signal` cancels the request in flight and keeps a retry from starting: a handler past its time must not
   * reach the portal any more. The shared login is never cancelled (other callers wait on it).
   */
  async call(service: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<PortalReply> {
    const session = await this.currentSession();
    const reply = await this.post(service, session, body, signal);
    if (!isSessionExpired(reply)) return this.verdict(service, reply);
    this.logger.log('Portal session expired; logging in again');
    const renewed = await this.renewSession(session);
    const retried = await this.post(service, renewed, body, signal);
    if (isSessionExpired(retried)) {
      throw new DomainError(DomainErrorCode.PartnerUnavailable, 'National portal rejected a fresh session');
    }
    return this.verdict(service, retried);
  }

  private verdict(service: string, reply: PortalReply): PortalReply {
    if (isSuccess(reply)) return reply;
    throw rejection(service, reply);
  }

  private async post(
    service: string,
    session: string,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<PortalReply> {
    const portal = this.config.connectors.nationalPortal;
    signal?.throwIfAborted();
    try {
      const response = await this.http.post<unknown>(
        portal.integrationPath,
        { session, madonvi: portal.agencyCode, service, ...body },
        { signal },
      );
      return asPortalReply(response.data);
    } catch (error) {
      throw transportFailure(service, error);
    }
  }

  private currentSession(): Promise<string> {
    this.session ??= this.login();
    return this.session;
  }

  /** Renews only if nobody renewed meanwhile: concurrent callers holding the same stale session log in once. */
  private async renewSession(stale: string): Promise<string> {
    const current = await this.session?.catch(() => undefined);
    if (current === undefined || current === stale) this.session = this.login();
    return this.currentSession();
  }

  private login(): Promise<string> {
    const portal = this.config.connectors.nationalPortal;
    const attempt = (async () => {
      try {
        const response = await this.http.post<unknown>(portal.authPath, {
          username: portal.username,
          password: portal.password,
        });
        const reply = asPortalReply(response.data);
        if (!isSuccess(reply) || typeof reply.session !== 'string') {
          throw new DomainError(
            DomainErrorCode.Unauthorized,
            `National portal login refused (error_code ${String(reply.error_code)}): ${reply.message ?? ''}`,
          );
        }
        return reply.session;
      } catch (error) {
        throw transportFailure('login', error);
      }
    })();
    // A failed login must not stick: the next call tries again.
    attempt.catch(() => {
      if (this.session === attempt) this.session = undefined;
    });
    return attempt;
  }
}
