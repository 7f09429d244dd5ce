import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import axiosBase from 'axios';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { SIMULATOR_CA_FILE } from '../../apps/simulators/kit/simulator-tls';
import { productionBusEnvironment } from '../support/benchmarks/production-bus-environment';
import { randomRun } from '@lgsp/contracts/examples/dossier.examples';
import { createTestClient, requestToken } from '../support/access/test-clients';
import { BenchInfrastructure, runBenchmark } from '../support/benchmarks/bench-infrastructure';
import { log, percentile } from '../support/benchmarks/bench-stats';
import { freePort, waitForHttp } from '../support/benchmarks/bus-processes';
import { gatewayClient } from '../support/benchmarks/dossier-load';
import {
  KnownCitizen,
  LoadRun,
  NGSP_NAMESPACE,
  errorCount,
  minusServiceTime,
  verifyDirectly,
  verifyThroughBus,
} from '../support/benchmarks/verification-load';

const RATE = Number(process.env.BENCH_VERIFY_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_VERIFY_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_VERIFY_WARM_UP_SECONDS ?? 5);
const MAX_IN_FLIGHT = Number(process.env.BENCH_VERIFY_MAX_IN_FLIGHT ?? 64);

// Production configuration: the simulators serve https with their test CA, guard their admin API with a
// per-run token, and neither the portal password nor the NGSP consumer secret is the published one.
const ADMIN_TOKEN = randomBytes(24).toString('base64url');
const PORTAL_PASSWORD = randomBytes(12).toString('base64url');
const NGSP_KEY = 'lgsp-bench';
const NGSP_SECRET = randomBytes(18).toString('base64url');
const CA = readFileSync(SIMULATOR_CA_FILE);
const admin = axiosBase.create({
  headers: { [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN },
  httpsAgent: new Agent({ ca: CA }),
});

const round = (ms: number): number => Math.round(ms * 100) / 100;

function describeErrors(phase: string, run: LoadRun): void {
  if (errorCount(run) > 0) log(`${phase}: errors ${JSON.stringify(run.errors)}`);
}

async function measure(infrastructure: BenchInfrastructure): Promise<object> {
  const run = randomRun();
  const schema = infrastructure.schema(`bench_verify_${run}`);
  const topics = infrastructure.topicPrefix(`bench-verify-${run}`);
  const ports = { population: await freePort(), portal: await freePort(), gateway: await freePort() };
  const controlPort = await freePort();
  const simulators = infrastructure.spawn('apps/simulators/main.js', {
    SIMULATOR_NATIONAL_PORTAL_PORT: String(ports.portal),
    SIMULATOR_ONE_STOP_PORT: String(await freePort()),
    SIMULATOR_POPULATION_DATABASE_PORT: String(ports.population),
    SIMULATOR_PAYMENT_GATEWAY_PORT: String(await freePort()),
    SIMULATOR_CONTROL_PORT: String(controlPort),
    SIMULATOR_TLS: 'true',
    SIMULATOR_ADMIN_TOKEN: ADMIN_TOKEN,
    SIMULATOR_PORTAL_PASSWORD: PORTAL_PASSWORD,
    SIMULATOR_NGSP_CONSUMER_KEY: NGSP_KEY,
    SIMULATOR_NGSP_CONSUMER_SECRET: NGSP_SECRET,
  });
  const ngsp = `https://127.0.0.1:${ports.population}`;
  // Gateway and worker as their own processes, as production runs them; tracing off (no OTLP endpoint).
  const busEnv = {
    ...productionBusEnvironment({
      brokers: infrastructure.brokers,
      databaseUrl: infrastructure.databaseUrl,
      topicPrefix: topics,
      schema,
      gatewayPort: ports.gateway,
      portalUrl: `https://127.0.0.1:${ports.portal}`,
      portalPassword: PORTAL_PASSWORD,
    }),
    NGSP_URL: ngsp,
    NGSP_CA_FILE: SIMULATOR_CA_FILE,
    NGSP_CONSUMER_KEY: NGSP_KEY,
    NGSP_CONSUMER_SECRET: NGSP_SECRET,
    // The simulator's integration code and namespace (production has no defaults for them).
    POPULATION_DATABASE_INTEGRATION_CODE: 'H56',
    POPULATION_DATABASE_NAMESPACE: NGSP_NAMESPACE,
    CONNECTORS: 'population-database',
    // A free port, not the default 3002: another gateway on the machine (a demo, a test) may hold that one.
    GATEWAY_METRICS_PORT: '0',
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    // Up to MAX_IN_FLIGHT look-ups wait on NGSP at once: as many partitions in flight, and calls to NGSP.
    KAFKA_TOPIC_PARTITIONS: process.env.KAFKA_TOPIC_PARTITIONS ?? '24',
    KAFKA_PARTITIONS_CONCURRENCY: process.env.KAFKA_PARTITIONS_CONCURRENCY ?? '24',
    POPULATION_DATABASE_MAX_CONCURRENT: String(MAX_IN_FLIGHT),
  };
  const worker = infrastructure.spawn('apps/worker/main.js', busEnv);
  const gateway = infrastructure.spawn('apps/gateway/main.js', busEnv);
  try {
    await waitForHttp(`http://127.0.0.1:${controlPort}/`);
    await waitForHttp(`http://127.0.0.1:${ports.gateway}/health/ready`);
    // Authentication on: a client without a rate limit (the load is the point), bound to the agency, allowed
    // to see the recorded name, registered once the gateway has migrated the schema; one token for the run.
    process.env.DATABASE_URL = infrastructure.databaseUrl;
    const client = await createTestClient(schema, {
      clientId: 'bench-citizen-desk',
      scopes: ['citizen:verify'],
      agencies: ['H56.20'],
      citizenFields: ['fullName'],
      rateLimitPerMinute: 0,
    });
    const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
    const api = gatewayClient(gatewayUrl, await requestToken(gatewayUrl, client, 'citizen:verify'));
    const citizens = (
      await admin.get<KnownCitizen[]>(`${ngsp}/admin/population/sample`, { params: { count: 1000 } })
    ).data;
    const direct = (total: number): Promise<LoadRun> =>
      verifyDirectly(ngsp, { key: NGSP_KEY, secret: NGSP_SECRET, ca: CA }, citizens, {
        rate: RATE,
        total,
        maxInFlight: MAX_IN_FLIGHT,
      });
    const bus = (total: number, label: string): Promise<LoadRun> =>
      verifyThroughBus(api, citizens, {
        rate: RATE,
        total,
        maxInFlight: MAX_IN_FLIGHT,
        run: `${run}${label}`,
      });

    log(`warm-up: ${WARM_UP_SECONDS} s at ${RATE}/s through the bus, then directly`);
    describeErrors('warm-up (bus)', await bus(RATE * WARM_UP_SECONDS, 'w'));
    describeErrors('warm-up (direct)', await direct(RATE * WARM_UP_SECONDS));

    log(`baseline: ${SECONDS} s at ${RATE}/s straight to the population simulator (token + SOAP)`);
    const directRun = await direct(RATE * SECONDS);
    describeErrors('baseline', directRun);
    log(
      `bus: ${SECONDS} s at ${RATE}/s to POST /v1/citizens/verifications, at most ${MAX_IN_FLIGHT} in flight`,
    );
    const busRun = await bus(RATE * SECONDS, 'm');
    describeErrors('bus', busRun);

    const serviceMs = (await admin.get<Record<string, number>>(`${ngsp}/admin/population/timings`)).data;
    const viaBus = minusServiceTime(busRun.answered, serviceMs);
    const straight = minusServiceTime(directRun.answered, serviceMs);
    if (viaBus.unmatched + straight.unmatched > 0) {
      log(`answers without a simulator timing: bus ${viaBus.unmatched}, direct ${straight.unmatched}`);
    }
    const busMs = busRun.answered.map((answer) => answer.ms);
    const directMs = directRun.answered.map((answer) => answer.ms);
    return {
      rate_per_s: RATE,
      added_p50_ms: percentile(viaBus.added, 50),
      added_p99_ms: percentile(viaBus.added, 99),
      errors: errorCount(busRun),
      requests: RATE * SECONDS,
      bus_p50_ms: percentile(busMs, 50),
      bus_p99_ms: percentile(busMs, 99),
      simulator_service_p50_ms: percentile(viaBus.service, 50),
      simulator_service_p99_ms: percentile(viaBus.service, 99),
      direct_p50_ms: percentile(directMs, 50),
      direct_p99_ms: percentile(directMs, 99),
      direct_overhead_p50_ms: percentile(straight.added, 50),
      direct_overhead_p99_ms: percentile(straight.added, 99),
      bus_minus_direct_p50_ms: round(percentile(busMs, 50) - percentile(directMs, 50)),
      bus_minus_direct_p99_ms: round(percentile(busMs, 99) - percentile(directMs, 99)),
      direct_errors: errorCount(directRun),
      max_in_flight: MAX_IN_FLIGHT,
    };
  } finally {
    await Promise.all([gateway.stop(), worker.stop()]);
    await simulators.stop();
  }
}

runBenchmark(measure);
