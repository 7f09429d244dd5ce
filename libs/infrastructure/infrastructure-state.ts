import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the broker came from: an operator-supplied address, a container, or a local JVM started from Maven. */
export type KafkaSource = 'env' | 'testcontainers' | 'maven';
export type DatabaseSource = 'env' | 'default' | 'testcontainers';

export interface KafkaState {
  brokers: string;
  source: KafkaSource;
  version: string;
  /** Process id of a locally started broker; absent for brokers this project does not own. */
  pid?: number;
  containerId?: string;
  logFile?: string;
  dataDir?: string;
  startedAt: string;
}

export interface DatabaseState {
  url: string;
  source: DatabaseSource;
  containerId?: string;
}

export interface InfrastructureState {
  kafka?: KafkaState;
  database?: DatabaseState;
}

/** The repository root: the nearest folder above this file holding the project's package.json. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'nest-cli.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the project root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/**
 * Runtime state (broker data, logs, addresses) lives in the clone, ignored by git, so clones never collide.
 * LGSP_RUNTIME_DIR moves it (a test that must start a broker of its own without touching the clone's).
 */
export function runtimeDir(): string {
  const dir = process.env.LGSP_RUNTIME_DIR ?? join(projectRoot(), '.lgsp');
  mkdirSync(dir, { recursive: true });
  return dir;
}

const stateFile = (): string => join(runtimeDir(), 'infrastructure.json');

export function readState(): InfrastructureState {
  const file = stateFile();
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as InfrastructureState;
}

export function writeState(state: InfrastructureState): void {
  writeFileSync(stateFile(), `${JSON.stringify(state, null, 2)}\n`);
}

export function clearKafkaState(): void {
  const { database } = readState();
  if (database) writeState({ database });
  else rmSync(stateFile(), { force: true });
}
