import { Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DatabaseService, Transaction } from '@lgsp/persistence';

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

export interface GuardedTransactionOptions {
  timeoutMs: number;
  logger: Logger;
  /** Called once when the work outlived `timeoutMs` (an operator's signal that a partner is slow). */
  onTimeout?: () => void;
}

/**
 * Runs a handler's work in one transaction bounded by the handler timeout, which is kept well below the consumer
 * session (a configuration rule), so a slow partner never costs the consumer its partitions.
 *
 * At the timeout the work's signal aborts: no new partner call starts, and the transaction accepts no more
 * statements. A call already in flight is not cancelled by it: the partner may have received it, and a call
 * cancelled there has an unknown outcome that a retry would send again. Its connector's own timeout bounds it
 * (at most a third of the handler's, a configuration rule), so the runtime waits for the abandoned work to
 * settle, at most one more handler timeout, before the message moves on (a retry, the one-by-one fallback):
 * what the work noted as done (a partner call that succeeded) is then visible to the copy that acts next.
 */
export async function inGuardedTransaction(
  db: DatabaseService,
  options: GuardedTransactionOptions,
  work: (tx: Transaction, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const { timeoutMs, logger } = options;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DomainError(DomainErrorCode.Internal, `handler exceeded ${timeoutMs} ms`);
      controller.abort(error);
      options.onTimeout?.();
      reject(error);
    }, timeoutMs);
  });
  const transaction = db.transaction((tx) => work(guarded(tx, controller.signal), controller.signal));
  // Its outcome after a timeout was already reported as the timeout; this only keeps the rejection handled.
  transaction.catch((error: unknown) => logger.debug({ err: error }, 'Handler settled after its timeout'));
  try {
    await Promise.race([transaction, timeout]);
  } catch (error) {
    if (controller.signal.aborted) await settle(transaction, timeoutMs, logger);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function settle(work: Promise<void>, boundMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), boundMs)));
  const settled = await Promise.race([work.then(ok, ok), late]);
  clearTimeout(timer);
  if (!settled) {
    logger.warn(`A timed-out handler did not settle within ${boundMs} ms of its cancellation; moving on`);
  }
}

const ok = (): boolean => true;
