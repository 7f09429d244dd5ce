import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchProcess } from '../process-cleanup';

const ROOT = join(__dirname, '../../..');

export interface ClosedLoopResult {
  requests: number;
  accepted: number;
  per_s: number;
  p50_ms: number;
  p99_ms: number;
  statuses: Record<string, number>;
}

interface Started {
  stop(): Promise<void>;
}

/** A support script of the benchmarks as a process of its own, killed with the benchmark if it ends first. */
function start(
  script: string,
  env: Record<string, string>,
  onLine: (line: string) => void,
): Started & { exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  watchProcess(kill, true);
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    lines.filter(Boolean).forEach(onLine);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      watchProcess(kill, false);
      resolve(code);
    }),
  );
  return {
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the closed-loop generator against `url` and returns what it measured. */
export async function closedLoop(env: Record<string, string>): Promise<ClosedLoopResult> {
  let last = '';
  const generator = start('closed-loop.load.ts', env, (line) => (last = line));
  const code = await generator.exited;
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(last) as ClosedLoopResult;
}

/** The bare baseline server, listening once this resolves. */
export async function startBareServer(env: Record<string, string>): Promise<Started> {
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const server = start('bare-intake.server.ts', env, (line) => {
    if (line === 'listening') listening();
  });
  await Promise.race([
    ready,
    server.exited.then((code) => {
      throw new Error(`the bare server exited with ${code} before it listened`);
    }),
  ]);
  return server;
}

/** A process's peak resident memory so far (VmHWM), in MB; 0 where /proc is not there. */
export function peakRssMb(pid: number | undefined): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}
