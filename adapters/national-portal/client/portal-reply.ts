import { isAxiosError } from 'axios';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';

/** The portal answers HTTP 200 with its own code: 0 (or "00") is success, anything else says why not. */
export interface PortalReply {
  error_code: number | string;
  message?: string;
  result?: unknown[];
  session?: string;
  [extra: string]: unknown;
}

/**
 * Codes known to mean an expired or unknown session: a fast path, not the only one. The published integration
 * guides only define success, so the client treats any refusal under an older session as a possibly expired one
 * (see NationalPortalClient); this is the value our simulator uses by default.
 */
export const SESSION_EXPIRED_CODES: ReadonlySet<string> = new Set(['3']);

/** Codes that say the portal itself failed (not our content): worth trying again later. */
export const PORTAL_FAILURE_CODES: ReadonlySet<string> = new Set(['99']);

export const isSuccess = (reply: PortalReply): boolean =>
  String(reply.error_code) === '0' || reply.error_code === '00';

export const isPortalFailure = (reply: PortalReply): boolean =>
  PORTAL_FAILURE_CODES.has(String(reply.error_code));

export const isSessionExpired = (reply: PortalReply): boolean =>
  SESSION_EXPIRED_CODES.has(String(reply.error_code));

/** The portal answered something that is not a reply of its protocol: whether it applied the call is unknown. */
class UnreadableReply extends Error {}

/** A call was sent and no reply came back (timeout, connection lost or cancelled): its outcome is unknown. */
class NoAnswer extends Error {}

export function asPortalReply(data: unknown): PortalReply {
  if (typeof data === 'object' && data !== null && 'error_code' in data) return data as PortalReply;
  throw new DomainError(
    DomainErrorCode.PartnerUnavailable,
    'The national portal sent a reply without error_code',
    [],
    { cause: new UnreadableReply(typeof data === 'string' ? 'not JSON' : 'no error_code') },
  );
}

/** The portal answered and refused: sending the same content again would fail again (unless it failed itself). */
export function rejection(service: string, reply: PortalReply): DomainError {
  if (isPortalFailure(reply)) {
    return new DomainError(
      DomainErrorCode.PartnerUnavailable,
      `National portal failed on ${service} (error_code ${String(reply.error_code)}): ${reply.message ?? 'no message'}`,
    );
  }
  return new DomainError(
    DomainErrorCode.RejectedByPartner,
    `National portal refused ${service} (error_code ${String(reply.error_code)}): ${reply.message ?? 'no message'}`,
  );
}

/**
 * Transport failures: whether the portal is unwell (retry later) or refused us for good. The axios error is
 * not kept as the cause: its config holds the request body, with the portal session, which must not reach a log.
 */
export function transportFailure(service: string, error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (isAxiosError(error)) {
    const status = error.response?.status;
    if (status !== undefined && status < 400) {
      // The status line came and the rest did not (the connection was reset, the body cut short): the portal
      // answered, so it may well have applied the call; its answer is lost, not a refusal.
      return new DomainError(
        DomainErrorCode.PartnerUnavailable,
        `National portal's answer to ${service} was cut off after HTTP ${status}: ${error.code ?? error.message}`,
        [],
        { cause: new UnreadableReply(error.code ?? 'answer cut off') },
      );
    }
    if (status === undefined || status === 429 || status >= 500) {
      // Never the axios error itself as the cause: it carries the request, with the portal session.
      const noAnswer = status === undefined && error.code !== 'ECONNREFUSED';
      return new DomainError(
        DomainErrorCode.PartnerUnavailable,
        `National portal unavailable for ${service}: ${status ? `HTTP ${status}` : (error.code ?? error.message)}`,
        [],
        noAnswer ? { cause: new NoAnswer(error.code ?? 'no reply') } : {},
      );
    }
    if (status === 401 || status === 403) {
      return new DomainError(
        DomainErrorCode.Unauthorized,
        `National portal refused our credentials (HTTP ${status})`,
      );
    }
    return new DomainError(
      DomainErrorCode.RejectedByPartner,
      `National portal refused ${service} with HTTP ${status}`,
    );
  }
  // A reply that is not JSON surfaces here as a SyntaxError from the body parser.
  return new DomainError(
    DomainErrorCode.PartnerUnavailable,
    `National portal call ${service} failed: ${error instanceof Error ? error.message : String(error)}`,
    [],
    { cause: new UnreadableReply(error instanceof Error ? error.name : 'unreadable reply') },
  );
}

/**
 * No answer came for a call that was sent (the connector's timeout gave up on it, or the connection was lost or
 * cancelled before the reply), or the answer could not be read: the portal may hold the call. An answer, even an
 * HTTP error, is taken as the portal's word that it did not apply the call; a call that never left (breaker open,
 * no connection) is not in doubt.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!(error instanceof DomainError) || error.code !== DomainErrorCode.PartnerUnavailable) return false;
  const cause = error.cause;
  if (cause instanceof NoAnswer || cause instanceof UnreadableReply) return true;
  // The breaker's timeout (opossum's ETIMEDOUT): the request was still on its way or being answered.
  return isRecord(cause) && cause.code === 'ETIMEDOUT';
}

/** An outcome unknown although the portal's answer began: the call reached it, and cannot land later. */
export function wasAnswered(error: unknown): boolean {
  return isOutcomeUnknown(error) && (error as DomainError).cause instanceof UnreadableReply;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
