import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { ADMIN_TOKEN_HEADER } from '../../../apps/simulators/kit/admin-token';
import axios, { AxiosInstance } from 'axios';
import {
  RunningSimulators,
  SimulatorsOptions,
  startSimulators,
} from '../../../apps/simulators/simulators.bootstrap';
import { listeningUrl, startGateway } from '../../../apps/gateway/gateway.bootstrap';
import { startWorker } from '../../../apps/worker/worker.bootstrap';
import { TestEnvironment, createTestEnvironment } from '../test-environment';

export interface BusUnderTest {
  env: TestEnvironment;
  simulators: RunningSimulators;
  gateway: INestApplication;
  worker: INestApplication;
  /** The gateway's REST API, as the one-stop system calls it. */
  api: AxiosInstance;
  /** The portal simulator's admin API: what it applied, per dossier. */
  portalAdmin: AxiosInstance;
  /** The one-stop simulator's admin API: what the province received from the bus. */
  oneStopAdmin: AxiosInstance;
  close(): Promise<void>;
}

export interface PortalDossierSummary {
  maHoSo: string;
  status: unknown;
  syncCount: number;
  progressCount: number;
}

/**
 * The whole bus against the simulators: gateway and worker as deployed, on the shared broker and database
 * (isolated by prefix and schema), with short retry delays and breaker resets so a test sees a whole cycle.
 */
export async function startBusUnderTest(
  name: string,
  extra: Record<string, string> = {},
  simulatorOptions: SimulatorsOptions = {},
): Promise<BusUnderTest> {
  // The one-stop system checks the bus's key, as a province's does.
  const oneStopApiKey = randomBytes(16).toString('base64url');
  const simulators = await startSimulators({
    logLevels: ['error'],
    oneStop: { apiKey: oneStopApiKey },
    ...simulatorOptions,
  });
  const env = createTestEnvironment(name, {
    NATIONAL_PORTAL_URL: simulators.urls.nationalPortal,
    ONE_STOP_URL: simulators.urls.oneStop,
    ONE_STOP_API_KEY: oneStopApiKey,
    KAFKA_RETRY_DELAYS_MS: '500,2000,5000',
    KAFKA_HANDLER_TIMEOUT_MS: '6000',
    NATIONAL_PORTAL_TIMEOUT_MS: '2000',
    NATIONAL_PORTAL_BREAKER_RESET_MS: '1000',
    NATIONAL_PORTAL_FEED_POLL_MS: '200',
    ONE_STOP_BREAKER_RESET_MS: '1000',
    ...extra,
  });
  const worker = await startWorker(env.overrides);
  const gateway = await startGateway(env.overrides);
  const baseURL = listeningUrl(gateway);
  const api = axios.create({ baseURL, validateStatus: () => true });
  const adminHeaders = { [ADMIN_TOKEN_HEADER]: simulators.adminToken };
  const portalAdmin = axios.create({ baseURL: simulators.urls.nationalPortal, headers: adminHeaders });
  const oneStopAdmin = axios.create({ baseURL: simulators.urls.oneStop, headers: adminHeaders });
  return {
    env,
    simulators,
    gateway,
    worker,
    api,
    portalAdmin,
    oneStopAdmin,
    async close() {
      await gateway.close();
      await worker.close();
      await simulators.close();
      await env.dropSchema();
    },
  };
}

export async function portalDossiers(bus: BusUnderTest): Promise<Map<string, PortalDossierSummary>> {
  const { data } = await bus.portalAdmin.get<PortalDossierSummary[] | { dossiers: PortalDossierSummary[] }>(
    '/admin/portal/dossiers',
  );
  const list = Array.isArray(data) ? data : data.dossiers;
  return new Map(list.map((entry) => [entry.maHoSo, entry]));
}
