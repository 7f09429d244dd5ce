/**
 * Every failure the bus can name. Each transport maps these exhaustively: the gateway to an HTTP status, the
 * consumer runtime to retry, park or dead-letter. Adding a code breaks both mappers' compilation until each
 * decides what the new code means for it.
 */
export enum DomainErrorCode {
  /** The body or message does not satisfy its contract. */
  ValidationFailed = 'validation_failed',
  /** The envelope names a contract or version this bus does not know. */
  UnknownContract = 'unknown_contract',
  /** The message bytes cannot be decoded as an envelope. */
  MalformedMessage = 'malformed_message',
  /** The thing asked about does not exist. */
  NotFound = 'not_found',
  /** The request conflicts with the current state (a forbidden status transition, a reused key). */
  Conflict = 'conflict',
  /** An external system refused the content for good; sending it again would fail again. */
  RejectedByPartner = 'rejected_by_partner',
  /** An external system failed in a way that may pass (5xx, timeout, 429, network). */
  PartnerUnavailable = 'partner_unavailable',
  /** A request-reply exchange got no answer within its deadline (the answer may still come, and is dropped). */
  DeadlineExceeded = 'deadline_exceeded',
  /** The external system's breaker is open: the work waits, it is not failed. */
  ConnectorOpen = 'connector_open',
  /** The caller is not who it says, or may not do this. */
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  /** The caller sent more requests than its rate allows; it may try again after a wait. */
  RateLimited = 'rate_limited',
  /**
   * The bus's own database is momentarily saturated: no connection came free, or a lock wait or statement ran
   * past its bound. Nothing was written; the same request shortly after may succeed.
   */
  Busy = 'busy',
  /** Something in the bus itself failed; worth trying again. */
  Internal = 'internal',
}

export interface FieldProblem {
  /** Path of the failing field, e.g. `applicant.personalId` or `items[3].status`. */
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  cause?: unknown;
  /** When trying again may succeed: seconds to wait (HTTP `Retry-After`). */
  retryAfterSeconds?: number;
  /** How to authenticate, for an Unauthorized or Forbidden answer (HTTP `WWW-Authenticate`, RFC 6750 §3). */
  challenge?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
  }
}
