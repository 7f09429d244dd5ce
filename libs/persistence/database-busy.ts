import { DomainError, DomainErrorCode } from '@lgsp/contracts';

/**
 * PostgreSQL's codes for work refused because the database was saturated, not because the work was wrong:
 * lock_not_available (a lock wait passed DATABASE_LOCK_TIMEOUT_MS), query_canceled (a statement passed
 * DATABASE_STATEMENT_TIMEOUT_MS), serialization_failure, deadlock_detected, too_many_connections. The same work
 * shortly after may succeed, so a caller is told to try again rather than that the bus failed.
 */
const BUSY_CODES = new Set(['55P03', '57014', '40001', '40P01', '53300']);

/**
 * The database could not be reached or went away under the statement: connection_exception (class 08),
 * admin_shutdown, crash_shutdown, cannot_connect_now (a restart or a failover), and the driver's own socket
 * failures. The work was not done (or rolled back with the connection); once the server is back it will be.
 */
const UNREACHABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
const UNREACHABLE_MESSAGE = /^Connection terminated|^Client has encountered a connection error/;

const isUnreachable = (code: string, message: string): boolean =>
  code.startsWith('08') || UNREACHABLE_CODES.has(code) || UNREACHABLE_MESSAGE.test(message);

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

/**
 * A transient refusal by PostgreSQL, or a database out of reach, as a Busy domain error (the driver's error kept
 * as its cause); others as they are. Both mean "not done, try again shortly": a caller gets 503 with Retry-After,
 * never a 500, and a consumer backs off in place.
 */
export function busyOrSelf(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { code: rawCode } = error as { code?: unknown };
  const code = typeof rawCode === 'string' ? rawCode : '';
  const unreachable = isUnreachable(code, error.message);
  if (!unreachable && !BUSY_CODES.has(code)) return error;
  return new DomainError(
    DomainErrorCode.Busy,
    unreachable
      ? `The database cannot be reached now: ${error.message}`
      : `The database refused the work for now: ${error.message}`,
    [],
    {
      cause: error,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    },
  );
}
