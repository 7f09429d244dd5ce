import { Injectable, Logger } from '@nestjs/common';
import axios, { AxiosInstance } from 'axios';
import { BusConfig } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { SpanKind, TraceAttribute, inSpan } from '@lgsp/observability';
import { partnerHttpDefaults } from '@lgsp/security';
import { nationalPortalConfig } from '../national-portal.config';
import {
  PortalReply,
  asPortalReply,
  isPortalFailure,
  isSessionExpired,
  isSuccess,
  rejection,
  transportFailure,
} from './portal-reply';

/** A session and the number of the login that opened it, so a caller can tell whether it predates its call. */
interface Session {
  token: string;
  login: number;
}

/**
 * The national portal's integration API: one login, one endpoint, a `service` name per operation. Keeps one
 * session for all calls and logs in once when several calls find none.
 *
 * The published guides say only that an expired session gets a non-zero error_code, not which one, so a refusal
 * under a session opened before the call began may just mean that session expired. Such a refusal costs one
 * login (shared by every caller holding the same old session) and one retry; only a refusal under a session
 * opened after the call began is the portal's verdict. The codes known to mean an expired session take the same
 * path, and under a fresh session say the portal is unwell rather than that it refused the content.
 */
@Injectable()
export class NationalPortalClient {
  private readonly logger = new Logger('NationalPortalClient');
  private readonly http: AxiosInstance;
  private session?: Promise<Session>;
  /** Logins started so far; a session opened by a later login than a call's start is fresh for that call. */
  private logins = 0;

  constructor(private readonly config: BusConfig) {
    const portal = config.slice(nationalPortalConfig);
    this.http = axios.create({
      // No redirects, bounded replies, https with the portal's CA and client certificate (libs/security).
      ...partnerHttpDefaults({
        partner: 'the national portal',
        url: portal.url,
        timeoutMs: portal.timeoutMs,
        ...portal.connection,
      }),
      headers: { dstcode: portal.dstcode, 'content-type': 'application/json' },
      // The portal's verdict is in the body; HTTP errors are classified by transportFailure.
      validateStatus: (status) => status >= 200 && status < 300,
    });
  }

  /**
   * `signal` (the guard's, fired at the connector's timeout) cancels the request in flight and keeps the retry
   * after a new login from starting: a call given up on must not reach the portal later. The shared login is
   * never cancelled (other callers wait on it).
   */
  call(service: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<PortalReply> {
    return inSpan(
      `national-portal.${service}`,
      () => ({ kind: SpanKind.CLIENT, attributes: { [TraceAttribute.dossierCode]: dossierCodesOf(body) } }),
      () => this.exchange(service, body, signal),
    );
  }

  private async exchange(
    service: string,
    body: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<PortalReply> {
    const loginsBefore = this.logins;
    const session = await this.currentSession();
    const reply = await this.post(service, session.token, body, signal);
    if (isSuccess(reply) || isPortalFailure(reply) || session.login > loginsBefore) {
      return this.verdict(service, reply);
    }
    this.logger.log(
      { service, errorCode: reply.error_code },
      isSessionExpired(reply)
        ? 'Portal session expired; logging in again'
        : 'Portal refused a call under an older session; logging in again in case it expired',
    );
    const renewed = await this.renewSession(session);
    return this.verdict(service, await this.post(service, renewed.token, body, signal));
  }

  /** The answer under a fresh session is final. */
  private verdict(service: string, reply: PortalReply): PortalReply {
    if (isSuccess(reply)) return reply;
    if (isSessionExpired(reply)) {
      throw new DomainError(DomainErrorCode.PartnerUnavailable, 'National portal rejected a fresh session');
    }
    throw rejection(service, reply);
  }

  private async post(
    service: string,
    session: string,
    body: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<PortalReply> {
    const portal = this.config.slice(nationalPortalConfig);
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

  private currentSession(): Promise<Session> {
    this.session ??= this.login();
    return this.session;
  }

  /**
   * Renews only if nobody renewed meanwhile: concurrent callers holding the same stale session log in once. The
   * check is synchronous, so two callers refused in the same tick cannot both see the old session as current.
   */
  private renewSession(stale: Session): Promise<Session> {
    if (this.session === undefined || this.logins === stale.login) this.session = this.login();
    return this.session;
  }

  private login(): Promise<Session> {
    const portal = this.config.slice(nationalPortalConfig);
    this.logins += 1;
    const login = this.logins;
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
        return { token: reply.session, login };
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

/** The dossier codes (MaHoSo) a list call carries: the only record fields a span may show. */
function dossierCodesOf(body: Record<string, unknown>): string[] {
  const records: unknown[] = Array.isArray(body.data) ? body.data : [];
  return records.flatMap((record) => {
    const code = (record as { MaHoSo?: unknown } | null)?.MaHoSo;
    return typeof code === 'string' ? [code] : [];
  });
}
