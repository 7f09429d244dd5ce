import type { Transaction } from './database.service';

/**
 * Runs work in a transaction on one connection a command opened itself (a CLI, a test), outside the app's pool:
 * committed when the work succeeds, rolled back when it throws.
 */
export function transactionsOn(
  connection: Transaction,
): <T>(work: (tx: Transaction) => Promise<T>) => Promise<T> {
  return async (work) => {
    await connection.query('BEGIN');
    try {
      const result = await work(connection);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK');
      throw error;
    }
  };
}
