import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface AppProcess {
  child: ChildProcess;
  /** What the process printed after "ready" (the gateway's URL). */
  readyLine: string;
  /** Set when the process exited, with its code: a test asserts it stayed undefined. */
  exitCode(): number | null | undefined;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point of the tests in its own Node process, resolving once it printed "ready". */
export function startAppProcess(script: string, overrides: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: join(__dirname, '../../..'),
    env: {
      ...process.env,
      LGSP_TEST_OVERRIDES: JSON.stringify(overrides),
      SWC_NODE_PROJECT: 'tsconfig.json',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    void exit.then(() => reject(new Error(`${script} exited before it was ready, with ${exited}`)));
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^ready ?(.*)$/m.exec(output);
      if (!ready) return;
      resolve({
        child,
        readyLine: ready[1],
        exitCode: () => exited,
        async stop() {
          if (exited !== undefined) return;
          child.kill('SIGTERM');
          await exit;
        },
      });
    });
  });
}
