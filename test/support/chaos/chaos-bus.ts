import axios, { AxiosInstance } from 'axios';
import { ADMIN_TOKEN_HEADER } from '../../../apps/simulators/kit/admin-token';
import type { RunningSimulators } from '../../../apps/simulators/simulators.bootstrap';
import { bearer, createTestClient, requestToken } from '../access/test-clients';
import { busTestSettings, startHarnessSimulators } from '../e2e/bus-test-settings';
import { ReplicaProcess, ReplicaRole, startReplica } from '../deployment/replica-process';
import { StartedParts } from '../started-parts';
import { TestEnvironment, createTestEnvironment } from '../test-environment';
import { GatewayBalancer, startGatewayBalancer } from './gateway-balancer';
import { watchProcess } from '../process-cleanup';
import { ResettingProxy, startResettingProxy } from './resetting-proxy';

/** The partners the bus calls, each behind a resetting proxy so a scenario can cut their answers. */
export const PROXIED_PARTNERS = [
  'nationalPortal',
  'populationDatabase',
  'paymentGateway',
  'oneStop',
] as const;
export type ProxiedPartner = (typeof PROXIED_PARTNERS)[number];

export interface ChaosBusOptions {
  name: string;
  gateways: number;
  workers: number;
  /** Another broker (a cluster of the suite's own) than the run's shared one. */
  brokers?: string;
  /** Another database (an instance of the suite's own) than the run's shared one. */
  databaseUrl?: string;
}

export interface ChaosBus {
  env: TestEnvironment;
  simulators: RunningSimulators;
  proxies: Record<ProxiedPartner, ResettingProxy>;
  /** Replicas running now, by name (`gateway-1`, `worker-2`): kill and restart change it. */
  replicas: Map<string, ReplicaProcess>;
  /**
   * The gateways' API behind one balancer, as the one-stop system calls it, with a token of every scope (the
   * replicas share their signing keys). The payment gateways call back through the same balancer.
   */
  api: AxiosInstance;
  admins: {
    portal: AxiosInstance;
    oneStop: AxiosInstance;
    payment: AxiosInstance;
    population: AxiosInstance;
  };
  /** SIGKILL: no shutdown hook runs, as when a node dies or the OOM killer strikes. */
  kill(replica: string): void;
  /** Starts the replica again under its name, and waits until it is ready. */
  restart(replica: string): Promise<void>;
  /** Stops the replica as Kubernetes does (SIGTERM), and waits for it to exit. */
  stop(replica: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The bus deployed for fault injection: gateways and workers as their own OS processes (so each can be killed),
 * every partner behind a proxy that can reset connections, and the simulators in this process (they are the
 * record the reconciliation reads). Short retry delays and breaker resets, as in the other end-to-end tests.
 */
export async function startChaosBus(options: ChaosBusOptions): Promise<ChaosBus> {
  const parts = new StartedParts();
  return parts.starting(async () => {
    const { simulators, oneStopApiKey } = await startHarnessSimulators(parts);
    const proxies = {} as Record<ProxiedPartner, ResettingProxy>;
    for (const partner of PROXIED_PARTNERS) {
      proxies[partner] = parts.add(await startResettingProxy(simulators.urls[partner]), (proxy) =>
        proxy.close(),
      );
    }
    const env = createTestEnvironment(options.name, {
      ...busTestSettings(simulators, oneStopApiKey),
      NATIONAL_PORTAL_URL: proxies.nationalPortal.url,
      NGSP_URL: proxies.populationDatabase.url,
      PAYGOV_URL: proxies.paymentGateway.url,
      BANK_GATEWAY_URL: proxies.paymentGateway.url,
      ONE_STOP_URL: proxies.oneStop.url,
      // A long outage must not exhaust the retries of what waited through it: parked, not dead-lettered.
      KAFKA_RETRY_DELAYS_MS: '500,2000,5000,10000,20000',
      // The load fetches one token for the whole run, which outlasts the default five-minute lifetime.
      AUTH_TOKEN_TTL_SECONDS: '3600',
      // Resets as short as the other partners' here, so a breaker opened late in a scenario closes before its end.
      POPULATION_DATABASE_BREAKER_RESET_MS: '1000',
      ...(options.brokers ? { KAFKA_BROKERS: options.brokers } : {}),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    });
    // The run's shared broker and database hold the file's topics and schema; a private one is thrown away whole.
    parts.add(env, (created) =>
      options.brokers || options.databaseUrl ? Promise.resolve() : created.release(),
    );
    const balancer: GatewayBalancer = parts.add(await startGatewayBalancer(), (started) => started.close());
    const replicas = new Map<string, ReplicaProcess>();
    const balance = (): void =>
      balancer.setTargets(
        [...replicas.values()]
          .filter((replica) => replica.role === 'gateway')
          .map((gateway) => Number(new URL(gateway.url).port)),
      );
    const start = async (name: string): Promise<void> => {
      const role: ReplicaRole = name.startsWith('gateway') ? 'gateway' : 'worker';
      // CHAOS_LOG_DIR keeps each replica's log in a file of its own, for looking into what a run found.
      const logDir = process.env.CHAOS_LOG_DIR;
      const environment = {
        ...env.overrides,
        ...(logDir ? { LOG_FILE: `${logDir}/${env.prefix}-${name}.log`, LOG_LEVEL: 'info' } : {}),
      };
      // On a cluster just started, a replica may meet a broker that does not know a new topic yet and exit, as a
      // pod would; its orchestrator starts it again, and so does this.
      const replica = await startReplica(role, name, environment).catch(() =>
        startReplica(role, name, environment),
      );
      // Detached (so it can be killed as a group): without this, a run cut short would leave it running.
      const cleanup = (): void => replica.kill();
      watchProcess(cleanup, true);
      void replica.exited.then(() => watchProcess(cleanup, false));
      replicas.set(name, replica);
      balance();
    };
    parts.add(replicas, async (running) => {
      await Promise.allSettled(
        [...running.values()].map((replica) => replica.stop().finally(() => replica.kill())),
      );
    });
    const names = (role: ReplicaRole, count: number): string[] =>
      Array.from({ length: count }, (_, index) => `${role}-${index + 1}`);
    // The first worker migrates the schema; the others start together after it.
    const [firstWorker, ...otherWorkers] = names('worker', options.workers);
    await start(firstWorker);
    await Promise.all([...otherWorkers, ...names('gateway', options.gateways)].map(start));
    const client = await createTestClient(
      env.schema,
      { clientId: 'one-stop-under-chaos' },
      env.overrides.DATABASE_URL,
    );
    const api = axios.create({
      baseURL: balancer.url,
      validateStatus: () => true,
      headers: bearer(await requestToken(balancer.url, client)),
      timeout: 30_000,
    });
    const admin = (url: string): AxiosInstance =>
      axios.create({ baseURL: url, headers: { [ADMIN_TOKEN_HEADER]: simulators.adminToken } });
    await admin(simulators.urls.paymentGateway).post('/admin/payment/config', {
      paygovCallbackUrl: `${balancer.url}/v1/payments/callbacks/paygov`,
      vnpayIpnUrl: `${balancer.url}/v1/payments/callbacks/bank`,
    });
    return {
      env,
      simulators,
      proxies,
      replicas,
      api,
      admins: {
        portal: admin(simulators.urls.nationalPortal),
        oneStop: admin(simulators.urls.oneStop),
        payment: admin(simulators.urls.paymentGateway),
        population: admin(simulators.urls.populationDatabase),
      },
      kill(replica) {
        replicas.get(replica)?.kill();
        replicas.delete(replica);
        balance();
      },
      restart: start,
      async stop(replica) {
        const stopping = replicas.get(replica);
        replicas.delete(replica);
        balance();
        await stopping?.stop();
      },
      close: () => parts.stopAll(),
    };
  });
}
