import 'reflect-metadata';
import { runBenchmark } from '../support/benchmarks/bench-infrastructure';
import { ChaosProfile, PROFILES } from '../support/chaos/chaos-scenarios';
import { runChaosSuite } from '../support/chaos/chaos-suite';
import { printTable, totals } from '../support/chaos/reconciliation';

/**
 * `npm run test:chaos`: the full profile (CHAOS_PROFILE=short for the test line's), every scenario or those named
 * in CHAOS_SCENARIOS (comma-separated). Prints a table per run and, last, one JSON object totalling all
 * scenarios; exits 1 when anything accepted was lost or applied twice.
 */
const profileName = (process.env.CHAOS_PROFILE ?? 'full') as ChaosProfile['name'];
const profile = PROFILES[profileName];
if (!profile) throw new Error(`CHAOS_PROFILE must be one of ${Object.keys(PROFILES).join(', ')}`);
const only = process.env.CHAOS_SCENARIOS?.split(',').map((name) => name.trim());
const say = (line: string): void => console.log(`[chaos] ${line}`);

runBenchmark(
  async (infrastructure) => {
    // The harness's test environments read the run's broker and database from here, as under Jest.
    process.env.KAFKA_BROKERS = infrastructure.brokers;
    process.env.DATABASE_URL = infrastructure.databaseUrl;
    say(`profile ${profile.name}${only ? `, scenarios ${only.join(', ')}` : ''}`);
    const rows = await runChaosSuite({ profile, only, say });
    printTable(rows, say);
    return totals(rows);
  },
  (total) => {
    const { lost, duplicated, pending } = total as ReturnType<typeof totals>;
    return lost > 0 || duplicated > 0 || pending > 0;
  },
);
