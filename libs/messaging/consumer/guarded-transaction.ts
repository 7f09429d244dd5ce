import { Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DatabaseService, Transaction } from '@lgsp/persistence';

/** Guards a transaction so a handler that outlived its timeout cannot write after the rollback. */
function guarded(tx: Transaction, isOpen: () => boolean): Transaction {
  return {
    query: ((...args: Parameters<Transaction['query']>) => {
      if (!isOpen()) throw new DomainError(DomainErrorCode.Internal, 'transaction closed: handler timed out');
      return (tx.query as (...inner: unknown[]) => unknown)(...args);
    }) as Transaction['query'],
  };
}

/**
 * Runs a handler's work in one transaction bounded by the handler timeout, which is kept well below the consumer
 * session (a configuration rule), so a slow partner never costs the consumer its partitions.
 */
export async function inGuardedTransaction(
  db: DatabaseService,
  timeoutMs: number,
  logger: Logger,
  work: (tx: Transaction) => Promise<void>,
): Promise<void> {
  let open = true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      open = false;
      reject(new DomainError(DomainErrorCode.Internal, `handler exceeded ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const transaction = db.transaction((tx) => work(guarded(tx, () => open)));
  try {
    await Promise.race([transaction, timeout]);
  } finally {
    clearTimeout(timer);
    // The transaction settles on its own (rolled back if the guard tripped); its outcome was already reported.
    transaction.catch((error: unknown) => logger.debug({ err: error }, 'Handler settled after its timeout'));
  }
}
