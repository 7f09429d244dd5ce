import { isAxiosError } from 'axios';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';

/** Largest answer read from a gateway: a create or query answer is a few hundred bytes. */
export const GATEWAY_MAX_REPLY_BYTES = 65_536;

/**
 * One failed call to a gateway as a DomainError. A DomainError thrown while reading the answer passes through.
 * The axios error is not kept as the cause: its config holds the request body, checksums and access key
 * included. A 4xx is a refusal (the gateway is up, the breaker stays closed); 5xx, 429, timeouts and network
 * errors say it is unavailable.
 */
export function gatewayCallError(gateway: string, action: string, error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const status = isAxiosError(error) ? error.response?.status : undefined;
  // A 2xx or 3xx here is an answer cut off after its status line (a reset mid-body): lost, not a refusal.
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return new DomainError(
      DomainErrorCode.RejectedByPartner,
      `${gateway} refused the ${action} with HTTP ${status}`,
    );
  }
  const why = isAxiosError(error)
    ? status !== undefined
      ? `HTTP ${status}`
      : (error.code ?? error.message)
    : error instanceof Error
      ? error.message
      : String(error);
  return new DomainError(
    DomainErrorCode.PartnerUnavailable,
    `${gateway} is unavailable for the ${action}: ${why}`,
  );
}

/** An answer the gateway gave but that cannot be read: it counts against the gateway like a 5xx. */
export function unreadableAnswer(gateway: string, action: string, what: string): DomainError {
  return new DomainError(
    DomainErrorCode.PartnerUnavailable,
    `${gateway} gave an unreadable answer to the ${action}: ${what}`,
  );
}

/** Amounts are whole VND; anything else is the caller's mistake, refused before any call. */
export function assertWholeVnd(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new DomainError(DomainErrorCode.ValidationFailed, 'amount must be a positive whole number of VND', [
      { field: 'amount', message: 'must be a positive whole number of VND' },
    ]);
  }
}

/** A plain JSON object, or undefined: answers and callbacks are read from these only. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
