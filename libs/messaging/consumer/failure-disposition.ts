import { DomainError, DomainErrorCode } from '@lgsp/contracts';

/**
 * - backoff: the partner failed this once (5xx, timeout), or the bus's database was busy; hold this partition briefly and try the same message
 *   again in place, so later events of the same dossier cannot overtake it. After a few tries it moves on to
 *   the retry topics like any other failure.
 * - retry: try again later through the retry topics, without blocking the partition; after the last hop,
 *   dead-letter.
 * - dead-letter: trying again cannot help; keep it for an operator at once.
 * - park: the partner is known to be down; stop consuming and resume later without spending an attempt.
 */
export type FailureDisposition = 'backoff' | 'retry' | 'dead-letter' | 'park';

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
    case DomainErrorCode.Busy:
      return 'backoff';
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
