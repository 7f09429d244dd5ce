import { Pool } from 'undici';
import { dossierCodeFor, dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';

/**
 * The intake load generator, run as a process of its own (`node -r @swc-node/register closed-loop.load.ts`) so it
 * never competes with the process it measures for an event loop: a closed loop of CONNECTIONS undici connections,
 * each posting the next dossier registration (distinct codes) as soon as its previous one was answered, for
 * SECONDS. A failed request is counted, never thrown. Prints one JSON line: what was answered how, and how fast.
 *
 * Environment: LOAD_URL (origin), LOAD_PATH, LOAD_AUTHORIZATION (optional header), LOAD_RUN (code prefix),
 * LOAD_CONNECTIONS (64), LOAD_SECONDS (10), LOAD_WARM_UP_SECONDS (2).
 */
const url = required('LOAD_URL');
const path = process.env.LOAD_PATH ?? '/v1/dossiers';
const connections = Number(process.env.LOAD_CONNECTIONS ?? 64);
const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const warmUpSeconds = Number(process.env.LOAD_WARM_UP_SECONDS ?? 2);
const run = process.env.LOAD_RUN ?? 'load';
const headers: Record<string, string> = { 'content-type': 'application/json' };
if (process.env.LOAD_AUTHORIZATION) headers.authorization = process.env.LOAD_AUTHORIZATION;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const BASE_TIME = Date.UTC(2025, 9, 1, 1, 0, 0);
// Bodies built before the clock starts: the generator measures the server, not its own JSON work.
const bodies = Array.from({ length: 200_000 }, (_, index) =>
  JSON.stringify(dossierRegistration(dossierCodeFor(run, index), index, BASE_TIME)),
);

async function main(): Promise<void> {
  const pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let next = 0;
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const warmUpEnds = Date.now() + warmUpSeconds * 1_000;
  const ends = warmUpEnds + seconds * 1_000;
  let measured = 0;
  const lane = async (): Promise<void> => {
    while (Date.now() < ends && next < bodies.length) {
      const body = bodies[next++];
      const started = performance.now();
      let outcome: string;
      try {
        const response = await pool.request({ path, method: 'POST', headers, body });
        await response.body.dump();
        outcome = String(response.statusCode);
      } catch (error) {
        outcome = `network ${(error as { code?: string }).code ?? 'error'}`;
      }
      if (Date.now() < warmUpEnds) continue;
      measured += 1;
      statuses[outcome] = (statuses[outcome] ?? 0) + 1;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (p: number): number =>
    latencies.length === 0
      ? 0
      : Math.round(
          latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] * 100,
        ) / 100;
  const accepted = Object.entries(statuses)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  console.log(
    JSON.stringify({
      requests: measured,
      accepted,
      per_s: Math.round(accepted / seconds),
      p50_ms: at(50),
      p99_ms: at(99),
      statuses,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
