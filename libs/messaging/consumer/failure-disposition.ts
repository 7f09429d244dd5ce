import { DomainError, DomainErrorCode } from '@lgsp/contracts';

/**
 * - backoff: the partner failed this once (5xx, timeout); hold this partition briefly and try the same message
 *   again in place, so later events of the same dossier cannot overtake it. After a few tries it moves on to
 *   the retry topics like any other failure.
 * - retry: try again later through the retry topics, without blocking the partition; after the last hop,
 *   dead-letter.
 * - dead-letter: trying again cannot help; keep it for an operator at once.
 * - park: the partner is known to be down; stop consuming and resume later without spending an attempt.
 * - hold: the bus's own database cannot be reached (a restart, a full pool); hold the partition and try the same
 *   message again in place for as long as that lasts. A hop to a retry topic would let the dossier's later events
 *   overtake it, to be found stale when it comes back, and nothing gets done without the database anyway.
 */
export type FailureDisposition = 'backoff' | 'retry' | 'dead-letter' | 'park' | 'hold';

/** The Kafka transport's one mapping of domain errors; the switch is exhaustive by the compiler's check. */
export function dispositionOf(error: unknown): FailureDisposition {
  if (!(error instanceof DomainError)) return 'retry';
  switch (error.code) {
    case DomainErrorCode.ValidationFailed:
    case DomainErrorCode.UnknownContract:
    case DomainErrorCode.MalformedMessage:
    case DomainErrorCode.RejectedByPartner:
    case DomainErrorCode.NotFound:
    case DomainErrorCode.Conflict:
    case DomainErrorCode.Unauthorized:
    case DomainErrorCode.Forbidden:
      return 'dead-letter';
    case DomainErrorCode.PartnerUnavailable:
      return 'backoff';
    case DomainErrorCode.Busy:
      return 'hold';
    case DomainErrorCode.Internal:
    case DomainErrorCode.RateLimited:
    case DomainErrorCode.DeadlineExceeded:
      return 'retry';
    case DomainErrorCode.ConnectorOpen:
      return 'park';
  }
}

export function errorCodeOf(error: unknown): string {
  return error instanceof DomainError ? error.code : DomainErrorCode.Internal;
}
