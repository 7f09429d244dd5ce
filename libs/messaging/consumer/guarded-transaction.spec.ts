import { Logger } from '@nestjs/common';
import type { DatabaseService, Transaction } from '@lgsp/persistence';
import { inGuardedTransaction } from './guarded-transaction';

/** A database whose transactions record their statements and end when their work does. */
function recordingDatabase(): { db: DatabaseService; statements: string[]; ended: string[] } {
  const statements: string[] = [];
  const ended: string[] = [];
  const tx = { query: (sql: string) => Promise.resolve(statements.push(sql)) } as unknown as Transaction;
  const transaction = async <T>(work: (inner: Transaction) => Promise<T>): Promise<T> => {
    try {
      const result = await work(tx);
      ended.push('commit');
      return result;
    } catch (error) {
      ended.push('rollback');
      throw error;
    }
  };
  return { db: { transaction } as unknown as DatabaseService, statements, ended };
}

/** A partner call that answers after `ms`, and a log of what the handler did. */
function partnerCall(ms: number, done: string[], name: string): Promise<void> {
  return new Promise((resolve) =>
    setTimeout(() => {
      done.push(name);
      resolve();
    }, ms),
  );
}

const logger = new Logger('guarded-transaction.spec');

beforeAll(() => jest.spyOn(logger, 'debug').mockImplementation(() => undefined));

describe('inGuardedTransaction', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('commits work that ends within its bound', async () => {
    const { db, statements, ended } = recordingDatabase();
    await inGuardedTransaction(db, { timeoutMs: 1_000, logger }, async (tx) => {
      await tx.query('INSERT 1');
    });
    expect(statements).toEqual(['INSERT 1']);
    expect(ended).toEqual(['commit']);
  });

  it('moves on only after the call in flight at the bound was answered, and starts no later call', async () => {
    const { db, ended } = recordingDatabase();
    const calls: string[] = [];
    const onTimeout = jest.fn();
    const outcome = inGuardedTransaction(db, { timeoutMs: 3_000, logger, onTimeout }, async (_tx, signal) => {
      for (const name of ['first', 'second', 'third']) {
        signal.throwIfAborted();
        await partnerCall(2_500, calls, name);
      }
    });
    const settled = jest.fn();
    outcome.catch(settled);
    // The bound passes while the second call is in flight: the handler is abandoned...
    await jest.advanceTimersByTimeAsync(3_000);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    // ...but its message moves on only once that call was answered (a connector's timeout is at most a third of
    // the handler's, so this is always within one more bound) and the transaction ended.
    await jest.advanceTimersByTimeAsync(1_999);
    expect(settled).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await expect(outcome).rejects.toThrow('handler exceeded 3000 ms');
    expect(calls).toEqual(['first', 'second']);
    expect(ended).toEqual(['rollback']);
  });

  it('refuses statements after the bound, so abandoned work cannot write', async () => {
    const { db, statements } = recordingDatabase();
    const outcome = inGuardedTransaction(db, { timeoutMs: 1_000, logger }, async (tx) => {
      await partnerCall(1_500, [], 'slow');
      await tx.query('INSERT late');
    });
    outcome.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(1_500);
    await expect(outcome).rejects.toThrow('handler exceeded 1000 ms');
    expect(statements).toEqual([]);
  });

  it('moves on after one more bound when the abandoned work never ends', async () => {
    const { db } = recordingDatabase();
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const outcome = inGuardedTransaction(
      db,
      { timeoutMs: 1_000, logger },
      () => new Promise(() => undefined),
    );
    const settled = jest.fn();
    outcome.catch(settled);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(settled).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await expect(outcome).rejects.toThrow('handler exceeded 1000 ms');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('did not settle within 1000 ms'));
  });
});
