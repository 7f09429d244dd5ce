import { randomRun } from '@lgsp/contracts/examples/dossier.examples';
import { DEFAULT_KAFKA_VERSION, LocalKafkaCluster } from '@lgsp/infrastructure';
import { ChaosBus, startChaosBus } from './chaos-bus';
import { ChaosProfile, ChaosScenario, ChaosTargets, SCENARIOS } from './chaos-scenarios';
import { MixedLoad, knownCitizens } from './mixed-load';
import { PrivatePostgres } from './private-postgres';
import { ReconciliationRow, reconcile } from './reconciliation';

export interface ChaosRunOptions {
  profile: ChaosProfile;
  /** Only these scenarios (by name); all by default. */
  only?: string[];
  say: (line: string) => void;
}

/** How long accepted work may take to arrive once a fault healed (a breaker's reset, retries, a backlog). */
const DRAIN_BOUND_MS = Number(process.env.CHAOS_DRAIN_BOUND_MS ?? 180_000);

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the scenarios under a steady mixed load, one after another, and reconciles after each. Scenarios that kill
 * the bus's processes or partners share one deployment on the run's broker and database; those that kill the
 * broker or the database get a three-broker cluster and a PostgreSQL of the suite's own. Everything started here
 * is stopped here, whatever happens.
 */
export async function runChaosSuite(options: ChaosRunOptions): Promise<ReconciliationRow[]> {
  const chosen = SCENARIOS.filter((scenario) => !options.only || options.only.includes(scenario.name));
  const rows: ReconciliationRow[] = [];
  const onShared = chosen.filter((scenario) => !scenario.needsOwnInfrastructure);
  const onOwn = chosen.filter((scenario) => scenario.needsOwnInfrastructure);
  if (onShared.length > 0) {
    const bus = await startChaosBus({ name: 'chaos', gateways: 2, workers: 2 });
    try {
      for (const scenario of onShared) rows.push(await runScenario(scenario, { bus }, options));
    } finally {
      await bus.close();
    }
  }
  if (onOwn.length > 0) {
    options.say('starting a three-broker Kafka cluster and a PostgreSQL of the suite’s own');
    const [cluster, database] = await Promise.all([
      LocalKafkaCluster.start({ version: DEFAULT_KAFKA_VERSION, log: options.say }),
      PrivatePostgres.start({ log: options.say }),
    ]);
    try {
      const bus = await startChaosBus({
        name: 'chaos-own',
        gateways: 2,
        workers: 2,
        brokers: cluster.brokers,
        databaseUrl: database.url,
      });
      try {
        for (const scenario of onOwn)
          rows.push(await runScenario(scenario, { bus, cluster, database }, options));
      } finally {
        await bus.close();
      }
    } finally {
      await Promise.allSettled([cluster.stop(), database.destroy()]);
    }
  }
  return rows;
}

async function runScenario(
  scenario: ChaosScenario,
  targets: ChaosTargets,
  { profile, say }: ChaosRunOptions,
): Promise<ReconciliationRow> {
  const { bus } = targets;
  say(`${scenario.name}: load starts`);
  const load = new MixedLoad(bus.api, bus.admins.payment, {
    run: randomRun(),
    dossierLanes: 4,
    paceMs: 100,
    payEvery: 5,
    citizens: await knownCitizens(bus.admins.population),
  });
  load.start();
  let injected: { injectedDeadLetters?: number } | void;
  try {
    await pause(profile.calmMs);
    say(`${scenario.name}: fault injected`);
    injected = await scenario.inject(targets, profile);
    say(`${scenario.name}: fault healed`);
    await pause(profile.calmMs);
  } finally {
    await load.stop();
  }
  say(
    `${scenario.name}: load stopped, reconciling (${JSON.stringify(load.accepted.notAccepted)} not accepted)`,
  );
  const row = await reconcile(scenario.name, bus, load.accepted, {
    drainBoundMs: DRAIN_BOUND_MS,
    injectedDeadLetters: injected?.injectedDeadLetters,
  });
  await connectorsSettled(bus);
  for (const finding of [...new Set(row.findings)].slice(0, 20)) say(`${scenario.name}: ${finding}`);
  return row;
}

/** Lag back to zero and every breaker closed, as an operator checks after an incident; throws past the bound. */
async function connectorsSettled(bus: ChaosBus): Promise<void> {
  const deadline = Date.now() + 120_000;
  let unsettled: string[] = ['not read yet'];
  while (Date.now() < deadline) {
    const { status, data } = await bus.api.get<{
      connectors?: { name: string; state: string; backlog: { lag: number } }[];
    }>('/v1/ops/connectors');
    unsettled =
      status !== 200
        ? [`GET /v1/ops/connectors answered ${status}`]
        : (data.connectors ?? [])
            .filter((connector) => connector.state !== 'closed' || connector.backlog.lag > 0)
            .map((connector) => `${connector.name}: ${connector.state}, lag ${connector.backlog.lag}`);
    if (unsettled.length === 0) return;
    await pause(1_000);
  }
  throw new Error(`Connectors did not settle after the scenario: ${unsettled.join('; ')}`);
}
