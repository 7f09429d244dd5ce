import { DomainError, DomainErrorCode } from '@lgsp/contracts';

/**
 * PostgreSQL's codes for work refused because the database was saturated, not because the work was wrong:
 * lock_not_available (a lock wait passed DATABASE_LOCK_TIMEOUT_MS), query_canceled (a statement passed
 * DATABASE_STATEMENT_TIMEOUT_MS), serialization_failure, deadlock_detected, too_many_connections. The same work
 * shortly after may succeed, so a caller is told to try again rather than that the bus failed.
 */
const BUSY_CODES = new Set(['55P03', '57014', '40001', '40P01', '53300']);

/** How long a caller is asked to wait before trying again (HTTP Retry-After). */
const RETRY_AFTER_SECONDS = 1;

/** No connection came free within DATABASE_POOL_WAIT_MS: the pool is too small for the work it is given. */
export class PoolExhaustedError extends DomainError {
  constructor(waitMs: number, poolSize: number, options: ErrorOptions) {
    super(
      DomainErrorCode.Busy,
      `No database connection came free within ${waitMs} ms (DATABASE_POOL_SIZE=${poolSize})`,
      [],
      { cause: options.cause, retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
    this.name = 'PoolExhaustedError';
  }
}

/** A transient refusal by PostgreSQL as a Busy domain error (the driver's error kept as its cause); others as they are. */
export function busyOrSelf(error: unknown): unknown {
  if (!(error instanceof Error) || !BUSY_CODES.has(String((error as { code?: unknown }).code))) return error;
  return new DomainError(
    DomainErrorCode.Busy,
    `The database refused the work for now: ${error.message}`,
    [],
    {
      cause: error,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    },
  );
}
