export { freePort } from '../../../docker';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import axios from 'axios';
import { log } from './bench-stats';

const ROOT = join(__dirname, '../../..');

export interface SpawnedProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs a built app (dist/) as its own process, as it is deployed, so it has its own event loop and core. */
export function spawnApp(
  entry: string,
  env: Record<string, string>,
  extraArgs: string[] = [],
): SpawnedProcess {
  const child = spawn(process.execPath, [...extraArgs, join(ROOT, 'dist', entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null) log(`${entry} exited with ${code}`);
  });
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
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
