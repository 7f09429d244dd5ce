import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = join(tmpdir(), 'lgsp-test-logs');
/**
 * Runs' folders older than this are removed at the start of a run. By age, not by count: several runs may go on
 * at once on one machine, and none may lose its folder to another's clean-up.
 */
const KEPT_FOR_MS = 24 * 3_600_000;

/** A fresh folder for this run's logs and sent values, named so the newest sorts last. */
export function createLogRunFolder(): string {
  mkdirSync(RUNS, { recursive: true });
  for (const name of readdirSync(RUNS)) {
    const folder = join(RUNS, name);
    if (Date.now() - statSync(folder).mtimeMs > KEPT_FOR_MS) rmSync(folder, { recursive: true, force: true });
  }
  const folder = join(RUNS, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(folder);
  return folder;
}
