import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KafkaState, runtimeDir } from '../infrastructure-state';
import { freePort } from '../free-port';
import { resolveKafkaClasspath } from './kafka-artifacts';
import { waitForBroker } from './broker-readiness';

const run = promisify(execFile);

export interface LocalBrokerOptions {
  version: string;
  /** Client port; a free one is chosen when absent. */
  port?: number;
  heap: string;
  log: (line: string) => void;
}

export class BrokerStartError extends Error {
  constructor(
    message: string,
    readonly logFile: string,
  ) {
    super(`${message}; broker log: ${logFile}`);
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A child that exited stays a zombie until its parent reaps it, which a parent busy-waiting for it never does.
  if (!existsSync('/proc/self')) return true;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function serverProperties(dataDir: string, port: number, controllerPort: number): string {
  // One node is both broker and controller, so every internal topic must have a replication factor of 1.
  // Faster group joins and fewer offsets partitions keep tests and the demo snappy on a 2-core machine.
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${join(dataDir, 'logs')}`,
    'num.partitions=3',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=6',
    'share.coordinator.state.topic.replication.factor=1',
    'min.insync.replicas=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=24',
    'num.network.threads=2',
    'num.io.threads=4',
    '',
  ].join('\n');
}

/** Log4j 1 (reload4j) settings that send a broker's log to one file of its own. */
export function log4jProperties(logFile: string): string {
  return [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka=INFO',
    'log4j.logger.org.apache.kafka=INFO',
    '',
  ].join('\n');
}

export function brokerJvmOptions(heap: string, log4jFile: string): string[] {
  return [`-Xmx${heap}`, `-Xms128m`, '-XX:+UseG1GC', `-Dlog4j.configuration=file:${log4jFile}`];
}

/** A fresh KRaft cluster id; every node of one cluster must be formatted with the same. */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** Writes the KRaft metadata (cluster id, node id) into the log dirs a server.properties names. */
export async function formatStorage(
  libDir: string,
  jvm: string[],
  clusterId: string,
  propertiesFile: string,
  logFile: string,
): Promise<void> {
  try {
    await run(
      'java',
      [
        ...jvm,
        '-cp',
        `${libDir}/*`,
        'kafka.tools.StorageTool',
        'format',
        // Passed as --cluster-id=<id>: a base64url id may start with '-', which would read as an option.
        `--cluster-id=${clusterId}`,
        `--config=${propertiesFile}`,
      ],
      {
        timeout: 120_000,
      },
    );
  } catch (error) {
    throw new BrokerStartError(`formatting the broker storage failed: ${(error as Error).message}`, logFile);
  }
}

/**
 * Starts a broker JVM detached, in a process group of its own, with its output going to a file: it never holds
 * the caller's terminal or pipes open, and stopping the group takes every process it started.
 */
export function spawnBroker(
  libDir: string,
  jvm: string[],
  propertiesFile: string,
  stdoutFile: string,
  logFile: string,
): number {
  const out = openSync(stdoutFile, 'w');
  const child = spawn('java', [...jvm, '-cp', `${libDir}/*`, 'kafka.Kafka', propertiesFile], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new BrokerStartError('java could not be started', logFile);
  return child.pid;
}

export function logTail(logFile: string, lines = 15): string {
  return existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '';
}

/**
 * Starts a single-node KRaft broker as a detached JVM whose output goes to a file, so it outlives the command
 * that started it and never holds the caller's terminal or pipes open.
 */
export async function startLocalBroker(options: LocalBrokerOptions): Promise<KafkaState> {
  const { libDir, cached } = await resolveKafkaClasspath(options.version, options.log);
  options.log(`Kafka ${options.version} jars ${cached ? 'reused from cache' : 'downloaded'}: ${libDir}`);
  const baseDir = join(runtimeDir(), 'kafka');
  const dataDir = join(baseDir, 'data');
  // A fresh data folder each start: the broker's content belongs to one run, and stale metadata from a
  // crashed run (another cluster id, other ports) would only stop it from starting.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const controllerPort = await freePort();
  const logFile = join(baseDir, 'broker.log');
  const propertiesFile = join(baseDir, 'server.properties');
  const log4jFile = join(baseDir, 'log4j.properties');
  writeFileSync(propertiesFile, serverProperties(dataDir, port, controllerPort));
  writeFileSync(log4jFile, log4jProperties(logFile));
  writeFileSync(logFile, '');

  const jvm = brokerJvmOptions(options.heap, log4jFile);
  await formatStorage(libDir, jvm, newClusterId(), propertiesFile, logFile);
  const pid = spawnBroker(libDir, jvm, propertiesFile, join(baseDir, 'broker.stdout'), logFile);

  const brokers = `127.0.0.1:${port}`;
  try {
    await waitForBroker(brokers, { timeoutMs: 90_000, isAlive: () => isProcessAlive(pid) });
  } catch (error) {
    stopProcess(pid);
    throw new BrokerStartError(
      `the local broker did not start (${(error as Error).message})\n${logTail(logFile)}`,
      logFile,
    );
  }
  return {
    brokers,
    source: 'maven',
    version: options.version,
    pid,
    logFile,
    dataDir,
    startedAt: new Date().toISOString(),
  };
}

/** Signals a broker's whole process group, or the process alone when it leads no group of its own. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone: nothing left to stop.
    }
  }
}

/** Stops the broker's whole process group, politely first so it can close its logs, then for good. */
export function stopProcess(pid: number): void {
  signalProcessGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isProcessAlive(pid) && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  if (isProcessAlive(pid)) signalProcessGroup(pid, 'SIGKILL');
}
