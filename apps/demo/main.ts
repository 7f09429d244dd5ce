import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN_HEADER } from '../simulators/kit/admin-token';
import axios from 'axios';
import { dossierRegistration, randomRun } from '@lgsp/contracts/examples/dossier.examples';
import { deleteTopics, dropSchema, ownInfrastructure } from '@lgsp/infrastructure';
import { ConsumerRuntime } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { listeningUrl } from '../gateway/gateway.bootstrap';
import { startBusApps } from '../bus/bus-apps';
import { Shutdown, ShutdownInProgressError } from '../bus/shutdown-signals';
import { startSimulators } from '../simulators/simulators.bootstrap';
import { printVerifications, verifyApplicants } from './citizen-verifications';
import { citizenVerifierApi, oneStopApi } from './demo-clients';
import { configurePaymentCallbacks, payDossierFees, printPayments } from './dossier-payments';
import { DemoOptions, parseDemoOptions } from './demo-options';

import { printSummary, summarise } from './demo-report';
import { sendDossierLifeCycles } from './dossier-traffic';

const say = (line: string): void => console.log(`[demo] ${line}`);

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The README's first command. Starts the broker and database (or uses the configured ones), the simulated
 * external systems, the worker and the gateway; then plays a day at a provincial one-stop office: dossiers
 * registered and walked through their life cycle, the national portal down for a while, citizens filing on the
 * portal, one dossier the portal refuses, citizens paying the fees of a few dossiers online (or cancelling).
 * Prints what happened and exits 0 (`--keep` leaves it running).
 */
async function main(shutdown: Shutdown, options: DemoOptions): Promise<void> {
  const startedAt = Date.now();
  const { kafka, database } = await shutdown.start(
    'the broker',
    () => ownInfrastructure(say),
    (owned) => owned.release(),
  );
  say(`Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}; PostgreSQL (${database.source})`);
  // The one-stop system checks the bus's key, as a province's does.
  const oneStopApiKey = randomBytes(16).toString('base64url');
  const simulators = await shutdown.start(
    'the simulators',
    () => startSimulators({ logLevels: ['error'], oneStop: { apiKey: oneStopApiKey } }),
    (started) => started.close(),
  );
  say(
    `Simulators: portal ${simulators.urls.nationalPortal}, one-stop ${simulators.urls.oneStop}, ` +
      `population database ${simulators.urls.populationDatabase}, payment gateways ${simulators.urls.paymentGateway}`,
  );
  const run = randomRun();
  const overrides: Record<string, string> = {
    KAFKA_BROKERS: kafka.brokers,
    DATABASE_URL: database.url,
    TOPIC_PREFIX: process.env.TOPIC_PREFIX ?? `lgsp-demo-${run}`,
    DATABASE_SCHEMA: process.env.DATABASE_SCHEMA ?? `lgsp_demo_${run}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PORT: process.env.PORT ?? (options.keep ? '3000' : '0'),
    WORKER_PORT: process.env.WORKER_PORT ?? (options.keep ? '3001' : '0'),
    GATEWAY_METRICS_PORT: process.env.GATEWAY_METRICS_PORT ?? (options.keep ? '3002' : '0'),
    NATIONAL_PORTAL_URL: simulators.urls.nationalPortal,
    ONE_STOP_URL: simulators.urls.oneStop,
    ONE_STOP_API_KEY: oneStopApiKey,
    NGSP_URL: simulators.urls.populationDatabase,
    // One simulator plays both gateways (PayGov and the bank), with the credentials the bus defaults to.
    PAYGOV_URL: simulators.urls.paymentGateway,
    BANK_GATEWAY_URL: simulators.urls.paymentGateway,
    KAFKA_RETRY_DELAYS_MS: '1000,5000,30000',
    NATIONAL_PORTAL_BREAKER_RESET_MS: '2000',
    NATIONAL_PORTAL_FEED_POLL_MS: '500',
  };
  say(`Run ${run}: database schema ${overrides.DATABASE_SCHEMA}, topics ${overrides.TOPIC_PREFIX}.*`);
  // What the demo names it creates, and removes (after the apps closed); names given to it are not its own.
  if (!process.env.DATABASE_SCHEMA) {
    shutdown.add('its schema', () => dropSchema(database.url, overrides.DATABASE_SCHEMA));
  }
  if (!process.env.TOPIC_PREFIX)
    shutdown.add('its topics', () => deleteTopics(kafka.brokers, overrides.TOPIC_PREFIX));
  const { worker, gateway } = await startBusApps(shutdown, overrides);
  const baseURL = listeningUrl(gateway);
  // The one-stop office calls the bus as its own client, with a token, as a province's does.
  const api = await oneStopApi(gateway, run);
  const adminHeaders = { [ADMIN_TOKEN_HEADER]: simulators.adminToken };
  const portalAdmin = axios.create({ baseURL: simulators.urls.nationalPortal, headers: adminHeaders });
  const oneStopAdmin = axios.create({ baseURL: simulators.urls.oneStop, headers: adminHeaders });
  const populationAdmin = axios.create({
    baseURL: simulators.urls.populationDatabase,
    headers: adminHeaders,
  });
  const paymentAdmin = axios.create({ baseURL: simulators.urls.paymentGateway, headers: adminHeaders });
  await configurePaymentCallbacks(paymentAdmin, baseURL);
  say(`Gateway at ${baseURL} (OpenAPI at /docs)`);

  const half = Math.ceil(options.dossiers / 2);
  const codes = await sendDossierLifeCycles(api, { run, count: half });
  say(
    `Sent ${half} dossiers with their life cycle; now the national portal goes down for ${options.outageMs / 1000} s`,
  );
  await simulators.controls.nationalPortal.set({ outage: 'http503', outageMs: options.outageMs });
  codes.push(...(await sendDossierLifeCycles(api, { run, count: options.dossiers - half, offset: half })));
  say(
    `Sent ${options.dossiers - half} more during the outage; citizens file ${options.filedOnPortal} dossiers on the portal`,
  );
  if (options.filedOnPortal > 0)
    await portalAdmin.post('/admin/portal/filed-dossiers', { count: options.filedOnPortal });
  const refused = `${codes[0]}-R`;
  await api.post('/v1/dossiers', {
    ...dossierRegistration(refused, 0),
    procedureCode: '9.999999.000.00.00.H56',
  });
  say(`Sent ${refused}, whose procedure is not in the national catalogue: the portal will refuse it`);

  await until(
    async () => {
      const dossiers = (await portalAdmin.get<{ status: unknown }[]>('/admin/portal/dossiers')).data;
      const inbox = (
        await oneStopAdmin.get<unknown[]>('/admin/one-stop/received', { params: { kind: 'filed-dossiers' } })
      ).data;
      return (
        dossiers.filter((dossier) => dossier.status === 10).length >= codes.length &&
        inbox.length >= options.filedOnPortal
      );
    },
    180_000,
    'every dossier reached the portal and every filed dossier reached the one-stop system',
  );
  const db = worker.get(DatabaseService);
  await until(
    async () =>
      (await db.query<{ count: string }>('SELECT count(*) AS count FROM dead_letter'))[0]?.count === '1',
    30_000,
    'the refused dossier was dead-lettered',
  );
  const summary = await summarise(db, portalAdmin, oneStopAdmin, {
    dossiers: options.dossiers + 1,
    filed: options.filedOnPortal,
    startedAt,
    portalPauses: worker.get(ConsumerRuntime).pauseCount('national-portal'),
  });
  // The officers' desk verifies applicants of the first dossiers, as its own client (citizen:verify only).
  const verifications = await verifyApplicants(
    await citizenVerifierApi(gateway, run),
    populationAdmin,
    codes,
  );
  // Citizens pay the fees of the first dossiers (after the summary was read, whose counts are the dossiers').
  const payments = await payDossierFees(
    api,
    { payment: paymentAdmin, oneStop: oneStopAdmin, portal: portalAdmin },
    codes,
    until,
  );
  printSummary(summary, say);
  printVerifications(verifications, say);
  printPayments(payments, say);
  say(
    `Trace of ${codes[half]}: GET ${baseURL}/v1/dossiers/${codes[half]}/trace (with a token of a client allowed dossier:read)`,
  );

  if (options.keep) say('Everything keeps running; press Ctrl+C to stop (it stops everything started here).');
}

const shutdown = new Shutdown('demo');
const run = async (): Promise<void> => {
  const options = parseDemoOptions(process.argv.slice(2));
  await main(shutdown, options);
  if (!options.keep) await shutdown.exit(0);
};
run().catch((error: unknown) => {
  if (error instanceof ShutdownInProgressError) return;
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown.exit(1);
});
