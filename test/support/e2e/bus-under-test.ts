import { INestApplication } from '@nestjs/common';
import { ADMIN_TOKEN_HEADER } from '../../../apps/simulators/kit/admin-token';
import axios, { AxiosInstance } from 'axios';
import type { RunningSimulators, SimulatorsOptions } from '../../../apps/simulators/simulators.bootstrap';
import { listeningUrl, startGateway } from '../../../apps/gateway/gateway.bootstrap';
import { startWorker } from '../../../apps/worker/worker.bootstrap';
import { bearer, createTestClient, requestToken } from '../access/test-clients';
import { TestEnvironment, createTestEnvironment } from '../test-environment';
import { StartedParts } from '../started-parts';
import { busTestSettings, startHarnessSimulators } from './bus-test-settings';

export interface BusUnderTest {
  env: TestEnvironment;
  simulators: RunningSimulators;
  gateway: INestApplication;
  worker: INestApplication;
  /** The gateway's REST API, as the one-stop system calls it (with a token of a client allowed everything). */
  api: AxiosInstance;
  /** The portal simulator's admin API: what it applied, per dossier. */
  portalAdmin: AxiosInstance;
  /** The one-stop simulator's admin API: what the province received from the bus. */
  oneStopAdmin: AxiosInstance;
  /** The payment gateways simulator's admin API: the citizen pays, callbacks are held or released. */
  paymentAdmin: AxiosInstance;
  close(): Promise<void>;
}

export interface PortalDossierSummary {
  maHoSo: string;
  status: unknown;
  syncCount: number;
  progressCount: number;
  /** Codes of the dossier's fees the portal holds as paid. */
  paidFees?: string[];
}

/**
 * The bus's environment beside the test defaults; as a function it may route a partner through something of the
 * test's own (a fault-injecting proxy) once the simulators are up.
 */
export type BusEnvironment =
  Record<string, string> | ((simulators: RunningSimulators) => Promise<Record<string, string>>);

/**
 * The whole bus against the simulators: gateway and worker as deployed, on the shared broker and database
 * (isolated by prefix and schema), with short retry delays and breaker resets so a test sees a whole cycle.
 */
export async function startBusUnderTest(
  name: string,
  environment: BusEnvironment = {},
  simulatorOptions: SimulatorsOptions = {},
): Promise<BusUnderTest> {
  const parts = new StartedParts();
  return parts.starting(async () => {
    const { simulators, oneStopApiKey } = await startHarnessSimulators(parts, simulatorOptions);
    const extra = typeof environment === 'function' ? await environment(simulators) : environment;
    const env = createTestEnvironment(name, { ...busTestSettings(simulators, oneStopApiKey), ...extra });
    parts.add(env, (created) => created.release());
    const worker = parts.add(await startWorker(env.overrides), (app) => app.close());
    const gateway = parts.add(await startGateway(env.overrides), (app) => app.close());
    const baseURL = listeningUrl(gateway);
    const client = await createTestClient(env.schema, { clientId: 'one-stop-under-test' });
    const api = axios.create({
      baseURL,
      validateStatus: () => true,
      headers: bearer(await requestToken(baseURL, client)),
    });
    const adminHeaders = { [ADMIN_TOKEN_HEADER]: simulators.adminToken };
    const portalAdmin = axios.create({ baseURL: simulators.urls.nationalPortal, headers: adminHeaders });
    const oneStopAdmin = axios.create({ baseURL: simulators.urls.oneStop, headers: adminHeaders });
    const paymentAdmin = axios.create({ baseURL: simulators.urls.paymentGateway, headers: adminHeaders });
    // The gateways call back the bus under test, as a real one calls the province's public address.
    await paymentAdmin.post('/admin/payment/config', {
      paygovCallbackUrl: `${baseURL}/v1/payments/callbacks/paygov`,
      vnpayIpnUrl: `${baseURL}/v1/payments/callbacks/bank`,
    });
    return {
      env,
      simulators,
      gateway,
      worker,
      api,
      portalAdmin,
      oneStopAdmin,
      paymentAdmin,
      close: () => parts.stopAll(),
    };
  });
}

export async function portalDossiers(bus: BusUnderTest): Promise<Map<string, PortalDossierSummary>> {
  const { data } = await bus.portalAdmin.get<PortalDossierSummary[] | { dossiers: PortalDossierSummary[] }>(
    '/admin/portal/dossiers',
  );
  const list = Array.isArray(data) ? data : data.dossiers;
  return new Map(list.map((entry) => [entry.maHoSo, entry]));
}
