import { freePort } from '@lgsp/infrastructure';
import { RunningCommand, runEntryPoint } from '../commands/command-process';
import { expectEventually } from '../expect-eventually';
import axios from 'axios';

export type ReplicaRole = 'gateway' | 'worker';

const ENTRY_POINTS: Record<ReplicaRole, string> = {
  gateway: 'apps/gateway/main.ts',
  worker: 'apps/worker/main.ts',
};

/** Where a replica is ready: the gateway once it can serve (broker and database up), the worker once it listens. */
const READY_PATHS: Record<ReplicaRole, string> = {
  gateway: '/health/ready',
  worker: '/health/live',
};

export interface ReplicaProcess {
  role: ReplicaRole;
  /** Its Kafka client id: how the broker's consumer group names this member. */
  clientId: string;
  /** Its own listener: the gateway's API, or the worker's operator endpoints (/metrics, /v1/ops/connectors). */
  url: string;
  /** Leaves as Kubernetes stops a pod (SIGTERM), and resolves once the process has exited. */
  stop(): Promise<void>;
  /** Last resort after a failed test: the whole process group. */
  kill(): void;
  /** Resolves once the process has exited, however it ended. */
  exited: Promise<void>;
}

/**
 * One gateway or worker as its own OS process (its own event loop, Kafka clients, pools and metrics registry), from
 * the same entry point a container runs. Replicas of one deployment share the test environment's variables (topic
 * prefix, schema, hence consumer groups); each gets its own ports and Kafka client id, as each pod has.
 */
export async function startReplica(
  role: ReplicaRole,
  name: string,
  environment: Record<string, string>,
): Promise<ReplicaProcess> {
  const port = await freePort();
  const clientId = `${environment.KAFKA_CLIENT_ID ?? 'lgsp-bus'}-${name}`;
  const command = runEntryPoint(ENTRY_POINTS[role], [], {
    ...process.env,
    ...environment,
    KAFKA_CLIENT_ID: clientId,
    PORT: String(role === 'gateway' ? port : await freePort()),
    WORKER_PORT: String(role === 'worker' ? port : await freePort()),
    GATEWAY_METRICS_PORT: String(await freePort()),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilReady(command, `${url}${READY_PATHS[role]}`);
  } catch (error) {
    command.kill();
    throw error;
  }
  const exited = new Promise<void>((resolve) => {
    if (command.child.exitCode !== null || command.child.signalCode !== null) resolve();
    else command.child.once('exit', () => resolve());
  });
  return { role, clientId, url, exited, stop: () => stopGracefully(command), kill: () => command.kill() };
}

async function untilReady(command: RunningCommand, readyUrl: string): Promise<void> {
  // A replica that fails to start exits: that ends the wait at once, with what it printed.
  const exited = command.exited(120_000).then((code) => {
    throw new Error(`exited (${code}) before ${readyUrl} answered:\n${command.output().slice(-3000)}`);
  });
  // The exit watch stays pending for the process's life: its rejection after a normal stop is not a failure.
  exited.catch(() => undefined);
  const ready = expectEventually(
    async () => {
      const response = await axios.get(readyUrl, { timeout: 2_000, validateStatus: () => true });
      if (response.status !== 200) throw new Error(`${readyUrl} answered ${response.status}`);
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  await Promise.race([ready, exited]);
}

async function stopGracefully(command: RunningCommand): Promise<void> {
  if (command.child.exitCode !== null || command.child.signalCode !== null) return;
  command.child.kill('SIGTERM');
  const code = await command.exited(60_000);
  if (code !== 0) throw new Error(`exited with ${code} on SIGTERM:\n${command.output().slice(-3000)}`);
}
