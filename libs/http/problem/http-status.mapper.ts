import { HttpStatus } from '@nestjs/common';
import { DomainErrorCode } from '@lgsp/contracts';

/**
 * The REST transport's one mapping of domain errors; the switch is exhaustive by the compiler's check, so a new
 * code cannot ship without deciding its status.
 *
 * A body that does not satisfy its contract (ValidationFailed) or cannot be decoded (MalformedMessage) is a
 * 400: the caller must fix the request against the published schema. 422 is kept for content that satisfied
 * our contract but was refused by the partner it was meant for (RejectedByPartner), so a caller can tell "fix
 * your request" from "the portal said no".
 */
export function httpStatusOf(code: DomainErrorCode): number {
  switch (code) {
    case DomainErrorCode.ValidationFailed:
    case DomainErrorCode.MalformedMessage:
    case DomainErrorCode.UnknownContract:
      return HttpStatus.BAD_REQUEST;
    case DomainErrorCode.Unauthorized:
      return HttpStatus.UNAUTHORIZED;
    case DomainErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case DomainErrorCode.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case DomainErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case DomainErrorCode.RejectedByPartner:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case DomainErrorCode.PartnerUnavailable:
    case DomainErrorCode.ConnectorOpen:
    case DomainErrorCode.Busy:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case DomainErrorCode.DeadlineExceeded:
      return HttpStatus.GATEWAY_TIMEOUT;
    case DomainErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

/** The problem title of each code: fixed per code, as RFC 9457 asks, while `detail` tells this occurrence. */
export function problemTitleOf(code: DomainErrorCode): string {
  switch (code) {
    case DomainErrorCode.ValidationFailed:
      return 'The request does not satisfy its contract';
    case DomainErrorCode.MalformedMessage:
      return 'The request cannot be decoded';
    case DomainErrorCode.UnknownContract:
      return 'Unknown contract or contract version';
    case DomainErrorCode.Unauthorized:
      return 'Authentication required';
    case DomainErrorCode.Forbidden:
      return 'Not allowed';
    case DomainErrorCode.RateLimited:
      return 'Too many requests';
    case DomainErrorCode.NotFound:
      return 'Not found';
    case DomainErrorCode.Conflict:
      return 'Conflicts with the current state';
    case DomainErrorCode.RejectedByPartner:
      return 'Refused by the partner system';
    case DomainErrorCode.PartnerUnavailable:
      return 'The partner system is unavailable';
    case DomainErrorCode.ConnectorOpen:
      return 'The partner system is paused after repeated failures';
    case DomainErrorCode.DeadlineExceeded:
      return 'No answer within the deadline';
    case DomainErrorCode.Busy:
      return 'The bus is busy';
    case DomainErrorCode.Internal:
      return 'Internal error';
  }
}

/** The domain code that best names an HTTP status raised outside our code (the router, body parser, Nest). */
export function domainCodeOfStatus(status: number): DomainErrorCode | undefined {
  switch (status) {
    case 400:
    case 422:
      return DomainErrorCode.ValidationFailed;
    case 401:
      return DomainErrorCode.Unauthorized;
    case 403:
      return DomainErrorCode.Forbidden;
    case 404:
      return DomainErrorCode.NotFound;
    case 409:
      return DomainErrorCode.Conflict;
    case 429:
      return DomainErrorCode.RateLimited;
    default:
      return status >= 500 ? DomainErrorCode.Internal : undefined;
  }
}
