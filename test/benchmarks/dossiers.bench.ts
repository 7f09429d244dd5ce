import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import axiosBase from 'axios';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { SIMULATOR_CA_FILE } from '../../apps/simulators/kit/simulator-tls';
import { productionBusEnvironment } from '../support/benchmarks/production-bus-environment';
import { randomRun } from '@lgsp/contracts/examples/dossier.examples';
import { createTestClient, requestToken } from '../support/access/test-clients';
import { BenchInfrastructure, runBenchmark } from '../support/benchmarks/bench-infrastructure';
import { log, percentile, perSecond } from '../support/benchmarks/bench-stats';
import { freePort, waitForHttp } from '../support/benchmarks/bus-processes';
import { topSelfTime } from '../support/benchmarks/cpu-profile';
import { gatewayClient, registerDossiers, sendStatusChanges } from '../support/benchmarks/dossier-load';
import { ClosedLoopResult, closedLoop, peakRssMb, startBareServer } from '../support/benchmarks/intake-phase';
import { runKafkajsBaseline } from '../support/benchmarks/kafkajs-baseline';
import { sampleCpu } from '../support/benchmarks/process-cpu';
import { metricValue } from '../support/metrics/metric-value';

const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1_000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 15);
const SUSTAINED_RATE = Number(process.env.BENCH_SUSTAINED_RATE ?? 2_500);
const SUSTAINED_SECONDS = Number(process.env.BENCH_SUSTAINED_SECONDS ?? 10);
const INTAKE_SECONDS = process.env.BENCH_INTAKE_SECONDS ?? '10';
const PROFILE_DIR = join(__dirname, '../../.lgsp/profiles');
// A CPU profile costs the profiled process time of its own, which the bare server does not pay: on demand only.
const PROFILE = process.env.BENCH_PROFILE === 'true';
const profiled = (app: string): string[] =>
  PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILE_DIR, app)}`] : [];

/** Answers of the closed loop that were not accepted: 503 busy (shed) apart from the rest (errors). */
function notAccepted(result: ClosedLoopResult): { shed: number; errors: number } {
  const shed = result.statuses['503'] ?? 0;
  return { shed, errors: result.requests - result.accepted - shed };
}

// Production configuration: the simulators serve https with their test CA, guard their admin API with a
// per-run token, and the portal password is not the published development one.
const ADMIN_TOKEN = randomBytes(24).toString('base64url');
const PORTAL_PASSWORD = randomBytes(12).toString('base64url');
const axios = axiosBase.create({
  headers: { [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN },
  httpsAgent: new Agent({ ca: readFileSync(SIMULATOR_CA_FILE) }),
});

interface PortalHistory {
  progress: { at: string }[];
}

async function portalTotals(portal: string): Promise<{ progressUpdates: number }> {
  return (await axios.get<{ progressUpdates: number }>(`${portal}/admin/portal/stats`)).data;
}

async function untilProgress(portal: string, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { progressUpdates } = await portalTotals(portal);
    if (progressUpdates >= expected) return Date.now();
    if (Date.now() > deadline)
      throw new Error(`portal applied ${progressUpdates} of ${expected} progress updates`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** REST in → portal acknowledged, per event: the portal simulator timestamps each applied progress update. */
async function latencies(
  portal: string,
  codes: string[],
  sent: { code: string; step: number; sentAt: number }[],
) {
  const ackAt = new Map<string, number[]>();
  for (const code of codes) {
    const { data } = await axios.get<PortalHistory>(
      `${portal}/admin/portal/dossiers/${encodeURIComponent(code)}`,
    );
    ackAt.set(
      code,
      data.progress.map((entry) => Date.parse(entry.at)),
    );
  }
  return sent
    .map((event) => (ackAt.get(event.code)?.[event.step] ?? Number.NaN) - event.sentAt)
    .filter(Number.isFinite);
}

/** The groups the gateway has committed so far: how many, and how many calls they held. */
async function intakeGroups(metricsUrl: string): Promise<{ count: number; calls: number }> {
  const text = (await axios.get<string>(`${metricsUrl}/metrics`, { responseType: 'text' })).data;
  return {
    count: metricValue(text, 'lgsp_gateway_intake_group_size_count'),
    calls: metricValue(text, 'lgsp_gateway_intake_group_size_sum'),
  };
}

async function measure(infrastructure: BenchInfrastructure): Promise<object> {
  const run = randomRun();
  const schema = infrastructure.schema(`bench_dossiers_${run}`);
  const topics = infrastructure.topicPrefix(`bench-dossiers-${run}`);
  mkdirSync(join(PROFILE_DIR, 'gateway'), { recursive: true });
  mkdirSync(join(PROFILE_DIR, 'worker'), { recursive: true });
  const ports = {
    portal: await freePort(),
    oneStop: await freePort(),
    gateway: await freePort(),
    gatewayMetrics: await freePort(),
  };
  const controlPort = await freePort();
  const simulators = infrastructure.spawn('apps/simulators/main.js', {
    SIMULATOR_NATIONAL_PORTAL_PORT: String(ports.portal),
    SIMULATOR_ONE_STOP_PORT: String(ports.oneStop),
    SIMULATOR_POPULATION_DATABASE_PORT: String(await freePort()),
    SIMULATOR_PAYMENT_GATEWAY_PORT: String(await freePort()),
    SIMULATOR_CONTROL_PORT: String(controlPort),
    SIMULATOR_TLS: 'true',
    SIMULATOR_ADMIN_TOKEN: ADMIN_TOKEN,
    SIMULATOR_PORTAL_PASSWORD: PORTAL_PASSWORD,
  });
  const portal = `https://127.0.0.1:${ports.portal}`;
  const metricsUrl = `http://127.0.0.1:${ports.gatewayMetrics}`;
  // Gateway and worker as their own processes, as production runs them (with BENCH_PROFILE=true, each profiled).
  const busEnv = {
    ...productionBusEnvironment({
      brokers: infrastructure.brokers,
      databaseUrl: infrastructure.databaseUrl,
      topicPrefix: topics,
      schema,
      gatewayPort: ports.gateway,
      portalUrl: portal,
      portalPassword: PORTAL_PASSWORD,
    }),
    CONNECTORS: 'national-portal',
    GATEWAY_METRICS_PORT: String(ports.gatewayMetrics),
    // The portal connector is bound by round trips (database, portal), not CPU: more partitions in flight.
    KAFKA_TOPIC_PARTITIONS: process.env.KAFKA_TOPIC_PARTITIONS ?? '24',
    KAFKA_PARTITIONS_CONCURRENCY: process.env.KAFKA_PARTITIONS_CONCURRENCY ?? '24',
  };
  const worker = infrastructure.spawn('apps/worker/main.js', busEnv, profiled('worker'));
  const gateway = infrastructure.spawn('apps/gateway/main.js', busEnv, profiled('gateway'));
  try {
    // The control plane starts once every simulator listens (it answers 401 without the token: it is up).
    await waitForHttp(`http://127.0.0.1:${controlPort}/`);
    await waitForHttp(`http://127.0.0.1:${ports.gateway}/health/ready`);
    log('raw kafkajs baseline in this process');
    const baseline = await runKafkajsBaseline(infrastructure.brokers, `${topics}.baseline`, 50_000, {
      rate: LATENCY_RATE,
      count: 2_000,
    });
    // Authentication on, as in production: a client without a rate limit (the load is the point), registered
    // the way an operator does once the gateway has migrated the schema, and one token for the whole run.
    // createTestClient reaches the database named by DATABASE_URL: the benchmark's.
    process.env.DATABASE_URL = infrastructure.databaseUrl;
    const client = await createTestClient(schema, { clientId: 'bench-one-stop', rateLimitPerMinute: 0 });
    const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
    const token = await requestToken(gatewayUrl, client, 'dossier:write');
    const api = gatewayClient(gatewayUrl, token);

    const latencyCodes = await registerDossiers(api, `${run}l`, LATENCY_RATE);
    const latencyEvents = LATENCY_RATE * LATENCY_SECONDS;
    log(
      `latency: ${latencyEvents} status changes at ${LATENCY_RATE}/s (open loop) over ${latencyCodes.length} dossiers`,
    );
    const progressBefore = (await portalTotals(portal)).progressUpdates;
    const latencyRun = await sendStatusChanges(api, latencyCodes, LATENCY_RATE, latencyEvents);
    await untilProgress(portal, progressBefore + latencyRun.sent.length, 120_000);
    const measured = await latencies(portal, latencyCodes, latencyRun.sent);
    if (latencyRun.refused > 0) log(`latency run: not accepted ${JSON.stringify(latencyRun.refusals)}`);

    const sustainedCodes = await registerDossiers(api, `${run}s`, SUSTAINED_RATE);
    const sustainedEvents = SUSTAINED_RATE * SUSTAINED_SECONDS;
    log(`sustained: ${sustainedEvents} status changes offered at ${SUSTAINED_RATE}/s`);
    const before = (await portalTotals(portal)).progressUpdates;
    const started = Date.now();
    const sustainedRun = await sendStatusChanges(api, sustainedCodes, SUSTAINED_RATE, sustainedEvents);
    const finished = await untilProgress(portal, before + sustainedRun.sent.length, 300_000);
    const sustained = perSecond(sustainedRun.sent.length, finished - started);
    if (sustainedRun.refused > 0) log(`sustained run: not accepted ${JSON.stringify(sustainedRun.refusals)}`);

    // Intake: how fast each accepts registrations durably, with the same closed-loop generator (its own process,
    // 64 connections): a bare node:http server doing one INSERT per request, then the gateway.
    const barePort = await freePort();
    const bare = await startBareServer({
      DATABASE_URL: infrastructure.databaseUrl,
      BARE_SCHEMA: infrastructure.schema(`bench_bare_${run}`),
      BARE_PORT: String(barePort),
    });
    log(
      `intake: ${INTAKE_SECONDS} s closed loop (64 connections) against a bare server doing one INSERT each`,
    );
    const bareCpu = sampleCpu();
    const bareIntake = await closedLoop({
      LOAD_URL: `http://127.0.0.1:${barePort}`,
      LOAD_PATH: '/intake',
      LOAD_RUN: `${run}b`,
      LOAD_SECONDS: INTAKE_SECONDS,
    }).finally(() => bare.stop());
    const bareCores = bareCpu.stop(Number(INTAKE_SECONDS));
    log(`intake: the same against POST /v1/dossiers`);
    const groupsBefore = await intakeGroups(metricsUrl);
    const intakeCpu = sampleCpu();
    const intake = await closedLoop({
      LOAD_URL: gatewayUrl,
      LOAD_PATH: '/v1/dossiers',
      LOAD_AUTHORIZATION: `Bearer ${token}`,
      LOAD_RUN: `${run}i`,
      LOAD_SECONDS: INTAKE_SECONDS,
    });
    if (intake.accepted < intake.requests) log(`intake: answers ${JSON.stringify(intake.statuses)}`);
    const intakeCores = intakeCpu.stop(Number(INTAKE_SECONDS));
    const groupsAfter = await intakeGroups(metricsUrl);
    const groups = groupsAfter.count - groupsBefore.count;
    const rss = { gateway: peakRssMb(gateway.child.pid), worker: peakRssMb(worker.child.pid) };

    const refused = latencyRun.refused + sustainedRun.refused;
    // Shed: answered 503 busy at HTTP_MAX_IN_FLIGHT, told to come back; errors: anything else not accepted.
    const statusChangesShed = [latencyRun, sustainedRun].reduce(
      (sum, run) => sum + (run.refusals['503 busy'] ?? 0),
      0,
    );
    const shed = statusChangesShed + notAccepted(intake).shed;
    const errors = refused - statusChangesShed + notAccepted(intake).errors;
    const result = {
      intake_per_s: intake.per_s,
      bare_intake_per_s: bareIntake.per_s,
      intake_p50_ms: intake.p50_ms,
      intake_p99_ms: intake.p99_ms,
      bare_intake_p50_ms: bareIntake.p50_ms,
      bare_intake_p99_ms: bareIntake.p99_ms,
      sustained_per_s: sustained,
      offered_per_s: SUSTAINED_RATE,
      p50_ms: percentile(measured, 50),
      p99_ms: percentile(measured, 99),
      latency_at_per_s: LATENCY_RATE,
      latency_events: measured.length,
      refused,
      shed,
      errors,
      // How the gateway grouped the intake phase's calls into transactions.
      intake_groups: groups,
      intake_group_mean_size: Math.round(((groupsAfter.calls - groupsBefore.calls) / groups) * 10) / 10,
      // Cores each process used while it was measured, and the whole machine's: what the figures had to share.
      intake_cores: intakeCores,
      bare_intake_cores: bareCores,
      gateway_rss_mb: rss.gateway,
      worker_rss_mb: rss.worker,
      baseline_per_s: baseline.consumedPerSecond,
      baseline_p99_ms: baseline.p99Ms,
      sustained_ratio_to_baseline: Math.round((sustained / baseline.consumedPerSecond) * 1000) / 1000,
    };
    await Promise.all([gateway.stop(), worker.stop()]);
    for (const app of PROFILE ? ['gateway', 'worker'] : []) {
      for (const line of topSelfTime(join(PROFILE_DIR, app), 8))
        log(`cpu (${app} process, self time): ${line}`);
    }
    return result;
  } finally {
    await Promise.all([gateway.stop(), worker.stop()]);
    await simulators.stop();
  }
}

runBenchmark(measure);
