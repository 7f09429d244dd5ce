/**
 * The portal simulator's error codes. The real portal publishes only "0 (or "00") is success"; these non-zero
 * codes are ours, fixed so the adapter and tests can tell the cases apart (above all: session expired means
 * log in again once and retry).
 */
export const PortalErrorCode = {
  OK: 0,
  INVALID_CREDENTIALS: 1,
  INVALID_DSTCODE: 2,
  SESSION_EXPIRED: 3,
  UNKNOWN_SERVICE: 4,
  INVALID_DATA: 5,
  DOSSIER_NOT_FOUND: 6,
  DOSSIER_NOT_SYNCHRONISED: 7,
  PROCEDURE_NOT_FOUND: 8,
  INTERNAL_ERROR: 99,
} as const;

export type PortalErrorCodeValue = (typeof PortalErrorCode)[keyof typeof PortalErrorCode];

export interface PortalReply {
  /** One of ours, or a province's own (the expired-session code is configurable). */
  error_code: number;
  message: string;
  result: unknown[];
  [extra: string]: unknown;
}

export function portalOk(result: unknown[], extra: Record<string, unknown> = {}): PortalReply {
  return { error_code: PortalErrorCode.OK, message: 'Thành công', result, ...extra };
}

export function portalError(code: number, message: string): PortalReply {
  return { error_code: code, message, result: [] };
}
