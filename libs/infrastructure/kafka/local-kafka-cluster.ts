import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeDir } from '../infrastructure-state';
import { freePort } from '../free-port';
import { resolveKafkaClasspath } from './kafka-artifacts';
import { waitForBroker } from './broker-readiness';
import { askQuorumLeader } from './kraft-quorum';
import {
  BrokerStartError,
  brokerJvmOptions,
  formatStorage,
  isProcessAlive,
  log4jProperties,
  logTail,
  newClusterId,
  signalProcessGroup,
  spawnBroker,
  stopProcess,
} from './local-kafka-broker';

export interface LocalClusterOptions {
  version: string;
  /** Defaults to 3. */
  nodes?: number;
  /** Per node; defaults to 384m. */
  heap?: string;
  log: (line: string) => void;
  /** Defaults to a folder of its own under the runtime dir, deleted by stop(). */
  dataRoot?: string;
}

export interface ClusterNode {
  nodeId: number;
  port: number;
  controllerPort: number;
  /** The JVM's process id while it runs; absent once killed or stopped. */
  pid?: number;
  logFile: string;
}

function serverProperties(node: ClusterNode, voters: string, logDir: string, nodes: number): string {
  // Three copies, two in sync: a node may die without losing an acknowledged write or refusing new ones.
  const replication = Math.min(3, nodes);
  const minIsr = Math.max(1, replication - 1);
  return [
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=3',
    'auto.create.topics.enable=false',
    `default.replication.factor=${replication}`,
    `min.insync.replicas=${minIsr}`,
    `offsets.topic.replication.factor=${replication}`,
    'offsets.topic.num.partitions=6',
    `transaction.state.log.replication.factor=${replication}`,
    `transaction.state.log.min.isr=${minIsr}`,
    'transaction.state.log.num.partitions=6',
    // Unknown to versions before share groups; a broker only warns about a setting it does not know.
    `share.coordinator.state.topic.replication.factor=${replication}`,
    'unclean.leader.election.enable=false',
    'group.initial.rebalance.delay.ms=0',
    // A killed broker leads its partitions until the controller fences it: after 9 s by default, longer than
    // a client's retries. Heartbeats every second keep a busy 2-core machine from fencing a live broker.
    'broker.session.timeout.ms=4000',
    'broker.heartbeat.interval.ms=1000',
    'log.retention.hours=24',
    // Three JVMs share two cores.
    'num.network.threads=2',
    'num.io.threads=2',
    '',
  ].join('\n');
}

/** Distinct free ports: the OS may hand out a port it just reported free to the next caller too. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * Kills the JVMs listed in pidsFile once the owner is gone, however it ended. A signal or SIGKILL fires no
 * 'exit' event, and under Jest `process` is a sandbox copy whose 'exit' never fires.
 */
function startWatchdog(pidsFile: string): number | undefined {
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 1; done; for p in $(cat "$2"); do kill -9 "-$p"; done';
  const child = spawn('sh', ['-c', script, 'sh', String(process.pid), pidsFile], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid;
}

/**
 * A KRaft cluster of combined broker-and-controller nodes, each a detached JVM in a process group of its own,
 * for tests of what the bus does when a broker or the active controller dies.
 */
export class LocalKafkaCluster {
  readonly brokers: string;
  private stopped = false;
  private readonly watchdog: number | undefined;
  /** The running JVMs' pids, for the watchdog. */
  private readonly pidsFile: string;
  private readonly killAll = (): void => {
    for (const node of this.nodes) if (node.pid !== undefined) signalProcessGroup(node.pid, 'SIGKILL');
  };

  private constructor(
    readonly nodes: readonly ClusterNode[],
    private readonly libDir: string,
    private readonly dataRoot: string,
    private readonly heap: string,
  ) {
    this.brokers = nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
    // The JVMs are detached so they cannot hold the owner's pipes; these keep them from outliving it instead.
    process.on('exit', this.killAll);
    mkdirSync(dataRoot, { recursive: true });
    this.pidsFile = join(dataRoot, 'pids');
    this.recordPids();
    this.watchdog = startWatchdog(this.pidsFile);
  }

  static async start(options: LocalClusterOptions): Promise<LocalKafkaCluster> {
    const count = options.nodes ?? 3;
    const { libDir } = await resolveKafkaClasspath(options.version, options.log);
    const dataRoot =
      options.dataRoot ?? join(runtimeDir(), `kafka-cluster-${randomBytes(4).toString('hex')}`);
    const ports = await distinctFreePorts(2 * count);
    const members: ClusterNode[] = Array.from({ length: count }, (_, index) => ({
      nodeId: index + 1,
      port: ports[2 * index],
      controllerPort: ports[2 * index + 1],
      logFile: join(dataRoot, `node-${index + 1}`, 'server.log'),
    }));
    const voters = members.map((node) => `${node.nodeId}@127.0.0.1:${node.controllerPort}`).join(',');
    const cluster = new LocalKafkaCluster(members, libDir, dataRoot, options.heap ?? '384m');
    for (const node of members) {
      const { dir, properties } = cluster.files(node);
      mkdirSync(dir, { recursive: true });
      writeFileSync(properties, serverProperties(node, voters, join(dir, 'logs'), count));
      writeFileSync(join(dir, 'log4j.properties'), log4jProperties(node.logFile));
      writeFileSync(node.logFile, '');
    }
    const started = Date.now();
    try {
      const clusterId = newClusterId();
      await Promise.all(
        members.map((node) => {
          const { jvm, properties } = cluster.files(node);
          return formatStorage(libDir, jvm, clusterId, properties, node.logFile);
        }),
      );
      // In parallel: a node serves only once a majority of the voters has elected a leader.
      await Promise.all(members.map((node) => cluster.launch(node)));
    } catch (error) {
      // The data root stays, so the log the error names can still be read.
      cluster.halt();
      throw error;
    }
    options.log(
      `Kafka ${options.version} cluster of ${count} at ${cluster.brokers} in ${Date.now() - started} ms`,
    );
    return cluster;
  }

  /** SIGKILL, no grace: the node's JVM dies as in a crash. Returns once it is gone, so its ports are free. */
  kill(nodeId: number): void {
    const node = this.node(nodeId);
    if (node.pid === undefined) return;
    signalProcessGroup(node.pid, 'SIGKILL');
    // Waits for the death; the SIGTERM it sends first changes nothing for a process already being killed.
    stopProcess(node.pid);
    node.pid = undefined;
    this.recordPids();
  }

  /** Starts a stopped node on its old ports and data: its storage is formatted already, and must stay so. */
  async restart(nodeId: number): Promise<void> {
    const node = this.node(nodeId);
    if (node.pid !== undefined && isProcessAlive(node.pid)) {
      throw new Error(`Kafka node ${nodeId} is still running`);
    }
    await this.launch(node);
  }

  /** The node id of the KRaft quorum leader, waiting out an election in progress. */
  async activeController(): Promise<number> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      // Only the leader itself answers DescribeQuorum without an error, so a killed leader is never reported.
      for (const node of this.nodes) {
        if (node.pid === undefined) continue;
        const leader = await askQuorumLeader(node.controllerPort);
        if (leader !== undefined) return leader;
      }
      if (Date.now() > deadline) throw new Error('no Kafka node reports a quorum leader');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Idempotent. Blocks while the JVMs stop, as stopProcess does; a promise so that may change. */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.halt();
      rmSync(this.dataRoot, { recursive: true, force: true });
    }
    return Promise.resolve();
  }

  private halt(): void {
    this.stopped = true;
    const pids = this.nodes.flatMap((node) => node.pid ?? []);
    // Every node told first, so their grace periods run at once rather than one after another.
    for (const pid of pids) signalProcessGroup(pid, 'SIGTERM');
    for (const pid of pids) stopProcess(pid);
    for (const node of this.nodes) node.pid = undefined;
    process.off('exit', this.killAll);
    if (this.watchdog !== undefined) signalProcessGroup(this.watchdog, 'SIGKILL');
  }

  private recordPids(): void {
    writeFileSync(this.pidsFile, this.nodes.flatMap((node) => node.pid ?? []).join(' '));
  }

  private node(nodeId: number): ClusterNode {
    const node = this.nodes.find((member) => member.nodeId === nodeId);
    if (!node) throw new Error(`no Kafka node ${nodeId} in this cluster`);
    return node;
  }

  private files(node: ClusterNode): { dir: string; properties: string; jvm: string[] } {
    const dir = join(this.dataRoot, `node-${node.nodeId}`);
    const jvm = brokerJvmOptions(this.heap, join(dir, 'log4j.properties'));
    return { dir, properties: join(dir, 'server.properties'), jvm };
  }

  private async launch(node: ClusterNode): Promise<void> {
    if (this.stopped) throw new Error('the Kafka cluster is stopped');
    const { dir, properties, jvm } = this.files(node);
    const pid = spawnBroker(this.libDir, jvm, properties, join(dir, 'stdout'), node.logFile);
    node.pid = pid;
    this.recordPids();
    try {
      await waitForBroker(`127.0.0.1:${node.port}`, {
        timeoutMs: 120_000,
        isAlive: () => isProcessAlive(pid),
      });
    } catch (error) {
      throw new BrokerStartError(
        `Kafka node ${node.nodeId} did not start (${(error as Error).message})\n${logTail(node.logFile)}`,
        node.logFile,
      );
    }
  }
}
