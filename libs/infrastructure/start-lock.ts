import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeDir } from './infrastructure-state';

const STALE_AFTER_MS = 5 * 60_000;

/**
 * Serialises starts across processes (a test run and a demo started together must share one broker, not race
 * to start two). mkdir is atomic, so the folder itself is the lock.
 */
export async function withStartLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const lock = join(runtimeDir(), `${name}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (age > STALE_AFTER_MS) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
