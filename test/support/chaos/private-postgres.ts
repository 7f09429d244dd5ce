import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@lgsp/infrastructure';
import { watchProcess } from '../process-cleanup';

export interface PrivatePostgresOptions {
  log?: (line: string) => void;
  /** A free loopback port by default. */
  port?: number;
}

// Debian's layout; elsewhere the variable names the folder of initdb and pg_ctl.
const BIN_DIR = process.env.PRIVATE_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
const READY_TIMEOUT_MS = 60_000;
const execFileAsync = promisify(execFile);
// initdb and postgres refuse to run as root; as any other user they run as that user.
const AS_ROOT = process.getuid?.() === 0;

function command(program: string, args: string[]): [string, string[]] {
  const path = join(BIN_DIR, program);
  return AS_ROOT ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

// execFile's message already holds the command's stderr.
const failure = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A PostgreSQL server of its own for tests that stop, crash and restart the database, which they must never do
 * to the machine's service: its own data folder in a temp folder, its own port on 127.0.0.1, its socket in that
 * folder (not /var/run/postgresql, where the service's socket is).
 */
export class PrivatePostgres {
  readonly url: string;
  private readonly dataDir: string;
  private readonly logFile: string;
  private readonly cleanup = (): void => this.crashNowAndDelete();
  private destroying?: Promise<void>;

  private constructor(
    private readonly folder: string,
    readonly port: number,
    private readonly log: (line: string) => void,
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/chaos`;
    this.dataDir = join(folder, 'data');
    this.logFile = join(folder, 'postgres.log');
    watchProcess(this.cleanup, true);
  }

  static async start(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const port = options.port ?? (await freePort());
    const folder = mkdtempSync(join(tmpdir(), 'private-postgres-'));
    if (AS_ROOT) {
      const id = (flag: string): number =>
        Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
      chownSync(folder, id('-u'), id('-g'));
    }
    const instance = new PrivatePostgres(folder, port, options.log ?? (() => undefined));
    try {
      await instance.initialize();
      return instance;
    } catch (error) {
      await instance.destroy();
      throw error;
    }
  }

  /** Whether a postmaster runs on the data folder, whoever stopped or crashed it. */
  isRunning(): boolean {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return false;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  async start(): Promise<void> {
    await this.run('pg_ctl', this.pgCtl('start', '-l', this.logFile));
    // pg_ctl's wait may go through the socket; the tests use TCP, so ready is a TCP connection that answers.
    await this.waitUntilAccepting(this.url.replace(/\/chaos$/, '/postgres'));
    this.log(`PostgreSQL started on 127.0.0.1:${this.port} (${this.dataDir})`);
  }

  /** 'immediate' is a crash: no checkpoint, so the next start replays the WAL. Nothing happens when stopped. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.isRunning()) return;
    await this.run('pg_ctl', this.pgCtl('stop', '-m', mode));
    this.log(`PostgreSQL on port ${this.port} stopped (${mode})`);
  }

  destroy(): Promise<void> {
    this.destroying ??= (async () => {
      await this.stop('immediate');
      rmSync(this.folder, { recursive: true, force: true });
      watchProcess(this.cleanup, false);
      this.log(`PostgreSQL on port ${this.port} destroyed`);
    })();
    return this.destroying;
  }

  private async initialize(): Promise<void> {
    const options = ['-D', this.dataDir, '--auth=trust', '--username=postgres', '--encoding=UTF8'];
    const initdb = (locale: string): Promise<void> => this.run('initdb', [...options, `--locale=${locale}`]);
    try {
      await initdb('C.UTF-8');
    } catch (error) {
      // initdb removes the data folder it created when it fails, so a second try starts clean.
      if (!/locale/i.test(String(error))) throw error;
      this.log('locale C.UTF-8 is missing; initdb with C');
      await initdb('C');
    }
    const settings = [
      `listen_addresses = '127.0.0.1'`,
      `port = ${this.port}`,
      `unix_socket_directories = '${this.folder}'`,
      // The suite checks that nothing committed is lost across a crash, which only holds with these.
      'fsync = on',
      'synchronous_commit = on',
      'full_page_writes = on',
      // Small: the machine has 2 cores, shared with the bus, Kafka and the machine's own PostgreSQL.
      'shared_buffers = 64MB',
      'max_connections = 200',
    ];
    appendFileSync(join(this.dataDir, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
    await this.start();
    await this.query(this.url.replace(/\/chaos$/, '/postgres'), 'CREATE DATABASE chaos');
    await this.waitUntilAccepting(this.url);
  }

  /** Waits (-w) until the start or the stop is complete; silent (-s) but for errors. */
  private pgCtl(action: 'start' | 'stop', ...args: string[]): string[] {
    return [action, '-w', '-t', '60', '-s', '-D', this.dataDir, ...args];
  }

  private async run(program: string, args: string[]): Promise<void> {
    const [file, argv] = command(program, args);
    try {
      await execFileAsync(file, argv, { cwd: this.folder });
    } catch (error) {
      const log = existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8').split('\n').slice(-20) : [];
      throw new Error(`${program} ${args[0]} failed: ${failure(error)}\n${log.join('\n')}`);
    }
  }

  private async query(url: string, sql: string): Promise<void> {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query(sql);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async waitUntilAccepting(url: string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      try {
        return await this.query(url, 'SELECT 1');
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`PostgreSQL on ${this.port} does not answer: ${failure(error)}`);
        // The retry interval of a wait bounded by the deadline, not a guess at the start-up time.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** For the process's exit, which runs no asynchronous work. */
  private crashNowAndDelete(): void {
    watchProcess(this.cleanup, false);
    if (this.isRunning()) {
      try {
        execFileSync(...command('pg_ctl', this.pgCtl('stop', '-m', 'immediate')), { stdio: 'ignore' });
      } catch {
        // Nothing more to do on the way out; the folder goes in any case.
      }
    }
    // Retries: a postmaster in a fast shutdown (pg_ctl passes a Ctrl+C on to it) may still be writing files.
    rmSync(this.folder, { recursive: true, force: true, maxRetries: 10 });
  }
}
