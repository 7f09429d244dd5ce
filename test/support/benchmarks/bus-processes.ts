export { freePort } from '@lgsp/infrastructure';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import axios from 'axios';

const ROOT = join(__dirname, '../../..');

export interface SpawnedProcess {
  child: ChildProcess;
  /** True once stop() was called: an exit after it is expected. */
  readonly stopping: boolean;
  stop(): Promise<void>;
}

/**
 * Runs a built app (dist/, or LGSP_DIST_DIR) as its own process, as it is deployed, so it has its own event loop
 * and core. It never outlives the benchmark: if the benchmark's process ends without stopping it, it is killed.
 */
export function spawnApp(
  entry: string,
  env: Record<string, string>,
  extraArgs: string[] = [],
): SpawnedProcess {
  const dist = process.env.LGSP_DIST_DIR ?? join(ROOT, 'dist');
  const child = spawn(process.execPath, [...extraArgs, join(dist, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stopping = false;
  return {
    child,
    get stopping() {
      return stopping;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGINT lets Node write its CPU profile and the app close its consumers.
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await axios.get(url, { timeout: 1_000, validateStatus: () => true });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
