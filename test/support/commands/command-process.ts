import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

export { isProcessAlive as isAlive } from '@lgsp/infrastructure';

export const PROJECT_ROOT = join(__dirname, '..', '..', '..');

export interface RunningCommand {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited(timeoutMs: number): Promise<number | null>;
  /** Last resort after a failed test: the command's whole process group. */
  kill(): void;
}

/** Runs one of the project's entry points as a command would (`node dist/...`), from its TypeScript source. */
export function runEntryPoint(entry: string, args: string[], env: NodeJS.ProcessEnv): RunningCommand {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry, ...args], {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms; output:\n${text.slice(-3000)}`));
        }, timeoutMs);
        const onExit = (): void => {
          cleanup();
          reject(new Error(`exited before ${String(pattern)}; output:\n${text.slice(-3000)}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    exited(timeoutMs) {
      return Promise.race([
        exit,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs).unref(),
        ),
      ]);
    },
    kill() {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    },
  };
}

/** Every process whose command line mentions `marker` (a folder only this run uses). */
export function processesMentioning(marker: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

/** The environment a fresh clone has: none of the variables the jest setup or a developer may have set. */
export function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(KAFKA_|DATABASE_|LGSP_|TOPIC_PREFIX|PORT|WORKER_PORT|NODE_ENV|LOG_)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}
