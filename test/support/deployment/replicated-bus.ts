import axios, { AxiosInstance } from 'axios';
import { ADMIN_TOKEN_HEADER } from '../../../apps/simulators/kit/admin-token';
import type { RunningSimulators } from '../../../apps/simulators/simulators.bootstrap';
import { bearer, createTestClient, requestToken } from '../access/test-clients';
import { PortalDossierSummary } from '../e2e/bus-under-test';
import { StartedParts } from '../started-parts';
import { TestEnvironment, createTestEnvironment } from '../test-environment';
import { ReplicaProcess, ReplicaRole, startReplica } from './replica-process';
import { busTestSettings, startHarnessSimulators } from '../e2e/bus-test-settings';

export interface ReplicatedBus {
  env: TestEnvironment;
  simulators: RunningSimulators;
  gateways: ReplicaProcess[];
  /** The workers running now: startWorker adds one, stopWorker removes one. */
  workers: ReplicaProcess[];
  /** One gateway's API per gateway replica, all with the same token: replicas share their signing keys. */
  apis: AxiosInstance[];
  portalAdmin: AxiosInstance;
  startWorker(name: string): Promise<ReplicaProcess>;
  stopWorker(worker: ReplicaProcess): Promise<void>;
  close(): Promise<void>;
}

/**
 * One deployment of the bus as replicas: gateways and workers, each its own OS process from its own entry point,
 * sharing one broker, one schema and one set of consumer groups, against the simulators (in this process). The
 * variables are bus-under-test's (short retry delays and breaker resets), so the two harnesses run the same bus.
 */
export async function startReplicatedBus(
  name: string,
  replicas: { gateways: number; workers: number },
): Promise<ReplicatedBus> {
  const parts = new StartedParts();
  return parts.starting(async () => {
    const { simulators, oneStopApiKey } = await startHarnessSimulators(parts);
    const env = createTestEnvironment(name, busTestSettings(simulators, oneStopApiKey));
    parts.add(env, (created) => created.release());
    const workers: ReplicaProcess[] = [];
    const start = async (role: ReplicaRole, replica: string): Promise<ReplicaProcess> => {
      const started = await startReplica(role, replica, env.overrides);
      // Stopped gracefully at the end; a replica a failed stop leaves behind is killed with its group.
      parts.add(started, (running) => running.stop().finally(() => running.kill()));
      return started;
    };
    // The first worker migrates the schema and creates the topics; the others then start side by side.
    workers.push(await start('worker', 'worker-1'));
    const names = (role: ReplicaRole, from: number, count: number): string[] =>
      Array.from({ length: count }, (_, index) => `${role}-${from + index}`);
    const [gateways, others] = await Promise.all([
      Promise.all(names('gateway', 1, replicas.gateways).map((replica) => start('gateway', replica))),
      Promise.all(names('worker', 2, replicas.workers - 1).map((replica) => start('worker', replica))),
    ]);
    workers.push(...others);
    const client = await createTestClient(env.schema, { clientId: 'one-stop-under-test' });
    // A token from the first gateway, used on every gateway, as a load balancer spreads one client's calls.
    const headers = bearer(await requestToken(gateways[0].url, client));
    const apis = gateways.map((gateway) =>
      axios.create({ baseURL: gateway.url, validateStatus: () => true, headers }),
    );
    const portalAdmin = axios.create({
      baseURL: simulators.urls.nationalPortal,
      headers: { [ADMIN_TOKEN_HEADER]: simulators.adminToken },
    });
    return {
      env,
      simulators,
      gateways,
      workers,
      apis,
      portalAdmin,
      async startWorker(replica) {
        const worker = await start('worker', replica);
        workers.push(worker);
        return worker;
      },
      async stopWorker(worker) {
        await worker.stop();
        workers.splice(workers.indexOf(worker), 1);
      },
      close: () => parts.stopAll(),
    };
  });
}

/** What the portal simulator holds per dossier (the same view as bus-under-test's portalDossiers). */
export async function portalState(bus: ReplicatedBus): Promise<Map<string, PortalDossierSummary>> {
  const { data } = await bus.portalAdmin.get<PortalDossierSummary[] | { dossiers: PortalDossierSummary[] }>(
    '/admin/portal/dossiers',
  );
  const list = Array.isArray(data) ? data : data.dossiers;
  return new Map(list.map((entry) => [entry.maHoSo, entry]));
}
