import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { Client } from 'pg';
import { expectEventually } from '../support/expect-eventually';
import { databaseUrl } from '../support/test-environment';
import {
  RunningCommand,
  cleanEnvironment,
  isAlive,
  processesMentioning,
  runEntryPoint,
} from '../support/commands/command-process';

const BUS = 'apps/bus/main.ts';

/**
 * `npm start` on a fresh clone: no KAFKA_BROKERS, no broker recorded in the clone (a runtime folder of its own, so
 * the broker the other tests share is neither reused nor touched). It must start a broker as the demo does, serve
 * /health/ready, and on Ctrl+C stop everything it started.
 */
describe('npm start', () => {
  const runtime = mkdtempSync(join(tmpdir(), 'lgsp-start-'));
  const schema = `test_npm_start_${process.pid}`;
  let bus: RunningCommand | undefined;

  afterAll(async () => {
    bus?.kill();
    const client = new Client({ connectionString: databaseUrl() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
    rmSync(runtime, { recursive: true, force: true });
  });

  it('finds or starts the local broker outside production, serves /health/ready, and Ctrl+C leaves nothing behind', async () => {
    bus = runEntryPoint(
      BUS,
      [],
      cleanEnvironment({
        LGSP_RUNTIME_DIR: runtime,
        DATABASE_SCHEMA: schema,
        TOPIC_PREFIX: `test-npm-start-${process.pid}`,
        PORT: '0',
        WORKER_PORT: '0',
        GATEWAY_METRICS_PORT: '0',
        CONNECTORS: 'dossier-trace',
        LOG_LEVEL: 'warn',
      }),
    );
    const [, gateway] = await bus.waitFor(/gateway at (http:\/\/\S+)/, 120_000);
    await expectEventually(
      async () => expect((await axios.get(`${gateway}/health/ready`)).status).toBe(200),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );
    // Gateway and worker share the process but not a listener: each serves its own registry on its own port.
    const [, gatewayMetrics, worker] = await bus.waitFor(
      /\/metrics at (http:\/\/\S+)\), worker at (http:\/\/\S+);/,
      5_000,
    );
    expect(gatewayMetrics).not.toBe(worker);
    expect((await axios.get(`${gatewayMetrics}/metrics`)).data).toContain(
      'lgsp_outbox_oldest_pending_age_seconds',
    );
    expect((await axios.get(`${worker}/metrics`)).status).toBe(200);
    expect((await axios.get(`${gateway}/metrics`, { validateStatus: () => true })).status).toBe(404);
    const state = JSON.parse(readFileSync(join(runtime, 'infrastructure.json'), 'utf8')) as {
      kafka: { pid: number; source: string };
    };
    expect(state.kafka.source).toBe('maven');
    expect(isAlive(state.kafka.pid)).toBe(true);

    process.kill(bus.child.pid!, 'SIGINT');
    expect(await bus.exited(60_000)).toBe(0);
    expect(isAlive(state.kafka.pid)).toBe(false);
    expect(processesMentioning(runtime)).toEqual([]);
  });

  it('in production requires KAFKA_BROKERS, saying so in one sentence', async () => {
    bus = runEntryPoint(BUS, [], cleanEnvironment({ NODE_ENV: 'production', LGSP_RUNTIME_DIR: runtime }));
    expect(await bus.exited(60_000)).toBe(1);
    const lines = bus
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/KAFKA_BROKERS/);
    expect(lines[0]).toContain('npm run kafka:up');
  });
});
