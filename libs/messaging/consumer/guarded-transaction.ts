import { Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DatabaseService, Transaction } from '@lgsp/persistence';

/** How long a timed-out handler gets to wind down after its signal fired, before the runtime moves on. */
const SETTLE_MS = 1_000;

/** Guards a transaction so a handler that outlived its timeout cannot write after the rollback. */
function guarded(tx: Transaction, signal: AbortSignal): Transaction {
  return {
    query: ((...args: Parameters<Transaction['query']>) => {
      if (signal.aborted)
        throw new DomainError(DomainErrorCode.Internal, 'transaction closed: handler timed out');
      return (tx.query as (...inner: unknown[]) => unknown)(...args);
    }) as Transaction['query'],
  };
}

/**
 * Runs a handler's work in one transaction bounded by the handler timeout, which is kept well below the consumer
 * session (a configuration rule), so a slow partner never costs the consumer its partitions. At the timeout the
 * work's signal aborts: partner calls in flight are cancelled and no new one starts, so the copy of the message
 * that moves on (a retry, the one-by-one fallback) is the only one still acting. The runtime waits briefly for
 * the abandoned work to settle, so what it recorded as done (a partner call that succeeded) is visible to that
 * copy.
 */
export async function inGuardedTransaction(
  db: DatabaseService,
  timeoutMs: number,
  logger: Logger,
  work: (tx: Transaction, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DomainError(DomainErrorCode.Internal, `handler exceeded ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const transaction = db.transaction((tx) => work(guarded(tx, controller.signal), controller.signal));
  // Its outcome after a timeout was already reported as the timeout; this only keeps the rejection handled.
  transaction.catch((error: unknown) => logger.debug({ err: error }, 'Handler settled after its timeout'));
  try {
    await Promise.race([transaction, timeout]);
  } catch (error) {
    if (controller.signal.aborted) await settle(transaction, logger);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function settle(work: Promise<void>, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), SETTLE_MS)));
  const settled = await Promise.race([work.then(ok, ok), late]);
  clearTimeout(timer);
  if (!settled) logger.warn(`A timed-out handler did not settle within ${SETTLE_MS} ms of its cancellation`);
}

const ok = (): boolean => true;
