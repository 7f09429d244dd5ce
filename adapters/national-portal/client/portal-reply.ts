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

export function asPortalReply(data: unknown): PortalReply {
  if (typeof data === 'object' && data !== null && 'error_code' in data) return data as PortalReply;
  throw new DomainError(
    DomainErrorCode.PartnerUnavailable,
    'The national portal sent a reply without error_code',
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
    if (status === undefined || status === 429 || status >= 500) {
      return new DomainError(
        DomainErrorCode.PartnerUnavailable,
        `National portal unavailable for ${service}: ${status ? `HTTP ${status}` : (error.code ?? error.message)}`,
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
  );
}
