import { readFileSync, readdirSync } from 'node:fs';

/** Which processes a benchmark accounts for, by a part of their command line. */
const ROLES: [role: string, marker: string][] = [
  ['gateway', 'apps/gateway/main.js'],
  ['worker', 'apps/worker/main.js'],
  ['simulators', 'apps/simulators/main.js'],
  ['load_generator', 'closed-loop.load.ts'],
  ['bare_server', 'bare-intake.server.ts'],
  ['kafka', 'kafka.Kafka'],
  ['postgres', 'postgres'],
];

/** Clock ticks per second of /proc's CPU times: 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

interface Snapshot {
  at: number;
  /** Each accounted process's CPU ticks so far, by pid, with its role. */
  processes: Map<string, { role: string; ticks: number }>;
  total: number;
}

function processTicks(pid: string): { ticks: number; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { ticks: Number(fields[11]) + Number(fields[12]), command };
  } catch {
    return undefined; // the process ended between the listing and the read
  }
}

function snapshot(): Snapshot | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined; // no /proc: not Linux
  }
  const processes = new Map<string, { role: string; ticks: number }>();
  for (const pid of pids) {
    const process = processTicks(pid);
    const role = process && ROLES.find(([, marker]) => process.command.includes(marker))?.[0];
    if (process && role) processes.set(pid, { role, ticks: process.ticks });
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 8);
  const busy = cpu.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + Number(value)), 0);
  return { at: Date.now(), processes, total: busy };
}

export interface CpuSampler {
  /** Stops sampling and returns the cores each part used over the last `seconds` sampled, and the machine's. */
  stop(seconds: number): Record<string, number>;
}

/**
 * Samples, every second, the CPU time of each part of the bus and of the whole machine (every process, the kernel
 * included): where a benchmark's CPU went, so a figure can be read against what the machine had to give. A process
 * is counted from the window's start, or its own if later, to the last sample: one that ended within the window is
 * missed (the load generator ends right after its window, and the last sample, within a second of its end, stands
 * for it). Empty where /proc is missing.
 */
export function sampleCpu(): CpuSampler {
  const samples: Snapshot[] = [];
  const take = (): void => {
    const taken = snapshot();
    if (taken) samples.push(taken);
  };
  take();
  const timer = setInterval(take, 1_000);
  return {
    stop(seconds) {
      clearInterval(timer);
      const last = samples[samples.length - 1];
      const first =
        [...samples].reverse().find((sample) => last.at - sample.at >= seconds * 1_000) ?? samples[0];
      if (!first || first === last) return {};
      const elapsed = (last.at - first.at) / 1_000;
      const cores = (ticks: number): number => Math.round((ticks / TICKS_PER_SECOND / elapsed) * 100) / 100;
      const byRole: Record<string, number> = {};
      // By process, then summed by role: PostgreSQL's backends come and go with their connections.
      const ticksByRole = new Map<string, number>();
      for (const [pid, { role, ticks }] of last.processes) {
        const used = ticks - (first.processes.get(pid)?.ticks ?? 0);
        ticksByRole.set(role, (ticksByRole.get(role) ?? 0) + used);
      }
      for (const [role, ticks] of ticksByRole) byRole[role] = cores(ticks);
      return { ...byRole, machine: cores(last.total - first.total) };
    },
  };
}
