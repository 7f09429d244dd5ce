import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { expectEventually } from '../support/expect-eventually';
import { databaseUrl } from '../support/test-environment';
import {
  PROJECT_ROOT,
  RunningCommand,
  cleanEnvironment,
  isAlive,
  processesMentioning,
  runEntryPoint,
} from '../support/commands/command-process';

async function schemasLike(pattern: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      'SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE $1',
      [pattern],
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

/** The pids below `pid`, with their command lines. */
function descendants(pid: number): { pid: number; args: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] }));
  const found: { pid: number; args: string }[] = [];
  const walk = (parent: number): void => {
    for (const row of rows.filter((candidate) => candidate.ppid === parent)) {
      found.push({ pid: row.pid, args: row.args });
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

function brokerPid(runtime: string): number {
  const state = JSON.parse(readFileSync(join(runtime, 'infrastructure.json'), 'utf8')) as {
    kafka: { pid: number };
  };
  return state.kafka.pid;
}

/**
 * Whatever a command starts or creates, it stops or removes on success, failure, SIGINT and SIGTERM. Each run has
 * a runtime folder of its own, so it starts a broker of its own (the one the other tests share is not touched).
 */
describe('interrupted and crashing commands leave nothing behind', () => {
  const runtime = mkdtempSync(join(tmpdir(), 'lgsp-interrupted-'));
  const dist = join(PROJECT_ROOT, '.lgsp', `test-dist-${process.pid}`);
  const running: RunningCommand[] = [];

  afterAll(() => {
    for (const command of running) command.kill();
    rmSync(runtime, { recursive: true, force: true });
    rmSync(dist, { recursive: true, force: true });
    rmSync(`${dist}.tsconfig.json`, { force: true });
  });

  it('`npm run demo -- --keep` interrupted with SIGINT stops the broker, apps and simulators and drops its schema', async () => {
    const demo = runEntryPoint(
      'apps/demo/main.ts',
      ['--keep', '--dossiers=4', '--outage-ms=0', '--filed=1'],
      cleanEnvironment({ LGSP_RUNTIME_DIR: runtime, PORT: '0', WORKER_PORT: '0' }),
    );
    running.push(demo);
    const [, schema] = await demo.waitFor(/database schema (lgsp_demo_\w+)/, 120_000);
    await demo.waitFor(/Everything keeps running/, 180_000);
    const broker = brokerPid(runtime);
    expect(await schemasLike(schema)).toEqual([schema]);
    const started = descendants(demo.child.pid!);

    process.kill(demo.child.pid!, 'SIGINT');
    expect(await demo.exited(60_000)).toBe(0);
    await expectEventually(() => expect(isAlive(broker)).toBe(false), { timeoutMs: 5_000 });
    expect(started.filter((child) => isAlive(child.pid))).toEqual([]);
    expect(processesMentioning(runtime)).toEqual([]);
    expect(await schemasLike(schema)).toEqual([]);
  });

  it('a benchmark whose gateway crashes fails, stopping what it started and dropping its schema', async () => {
    // npm run build (nest build) into a folder of its own: a tsconfig that only moves outDir.
    mkdirSync(dirname(dist), { recursive: true });
    writeFileSync(
      `${dist}.tsconfig.json`,
      JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { outDir: basename(dist) } }),
    );
    execFileSync('npx', ['nest', 'build', '--path', relative(PROJECT_ROOT, `${dist}.tsconfig.json`)], {
      cwd: PROJECT_ROOT,
      stdio: 'ignore',
      timeout: 180_000,
    });
    const bench = runEntryPoint(
      'test/benchmarks/dossiers.bench.ts',
      [],
      cleanEnvironment({
        LGSP_RUNTIME_DIR: runtime,
        LGSP_DIST_DIR: dist,
        BENCH_LATENCY_RATE: '50',
        BENCH_LATENCY_SECONDS: '20',
        BENCH_SUSTAINED_RATE: '50',
        BENCH_SUSTAINED_SECONDS: '2',
      }),
    );
    running.push(bench);
    const [, schema] = await bench.waitFor(/database schema (bench_\w+)/, 120_000);
    await bench.waitFor(/latency: /, 180_000);
    const broker = brokerPid(runtime);
    const started = descendants(bench.child.pid!);
    const gateway = started.find((child) => child.args.includes('apps/gateway/main.js'));
    expect(gateway).toBeDefined();
    expect(started.filter((child) => /apps\/(worker|simulators)\/main\.js/.test(child.args))).toHaveLength(2);

    process.kill(gateway!.pid, 'SIGKILL');
    expect(await bench.exited(120_000)).toBe(1);
    expect(bench.output()).toMatch(/gateway/);
    await expectEventually(() => expect(isAlive(broker)).toBe(false), { timeoutMs: 5_000 });
    expect(started.filter((child) => isAlive(child.pid))).toEqual([]);
    expect(processesMentioning(runtime)).toEqual([]);
    expect(await schemasLike(schema)).toEqual([]);
    // Its own bounds (a build of up to 3 min, then the benchmark's start) exceed Jest's default 2 min per test.
  }, 480_000);
});
