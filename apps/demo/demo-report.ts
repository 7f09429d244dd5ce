import type { AxiosInstance } from 'axios';
import { DatabaseService } from '@lgsp/persistence';

export interface DemoSummary {
  dossiersRegistered: number;
  eventsAccepted: number;
  synchronisedToPortal: number;
  portalCalls: number;
  portalLogins: number;
  retried: number;
  parked: number;
  deadLettered: number;
  failuresToldToOneStop: number;
  filedOnPortal: number;
  deliveredToOneStop: number;
  seconds: number;
}

interface PortalStats {
  logins?: number;
  syncs?: number;
  progressUpdates?: number;
}

interface PortalDossier {
  status: unknown;
}

/** Reads what happened from where it happened: the bus's trace and dead letters, and the simulators' records. */
export async function summarise(
  db: DatabaseService,
  portalAdmin: AxiosInstance,
  oneStopAdmin: AxiosInstance,
  expected: { dossiers: number; filed: number; startedAt: number; portalPauses: number },
): Promise<DemoSummary> {
  const stages = await db.query<{ stage: string; count: string }>(
    `SELECT stage, count(*) AS count FROM dossier_trace GROUP BY stage`,
  );
  const count = (stage: string): number => Number(stages.find((row) => row.stage === stage)?.count ?? 0);
  const [letters] = await db.query<{ count: string }>(`SELECT count(*) AS count FROM dead_letter`);
  const stats = (await portalAdmin.get<PortalStats>('/admin/portal/stats')).data;
  const dossiers = (await portalAdmin.get<PortalDossier[]>('/admin/portal/dossiers')).data;
  const received = async (kind: string): Promise<number> =>
    (await oneStopAdmin.get<unknown[]>('/admin/one-stop/received', { params: { kind } })).data.length;
  return {
    dossiersRegistered: expected.dossiers,
    eventsAccepted: count('received') - expected.filed,
    synchronisedToPortal: dossiers.filter((dossier) => dossier.status === 10).length,
    portalCalls: (stats.syncs ?? 0) + (stats.progressUpdates ?? 0),
    portalLogins: stats.logins ?? 0,
    retried: count('retried'),
    parked: expected.portalPauses + count('parked'),
    deadLettered: Number(letters?.count ?? 0),
    failuresToldToOneStop: await received('delivery-failures'),
    filedOnPortal: expected.filed,
    deliveredToOneStop: await received('filed-dossiers'),
    seconds: Math.round((Date.now() - expected.startedAt) / 100) / 10,
  };
}

export function printSummary(summary: DemoSummary, say: (line: string) => void): void {
  say('Summary');
  say(`  dossiers registered by the one-stop system   ${summary.dossiersRegistered}`);
  say(`  events accepted by the gateway (202)         ${summary.eventsAccepted}`);
  say(`  dossiers synchronised to the national portal ${summary.synchronisedToPortal} (final status 10)`);
  say(`  portal records applied / logins              ${summary.portalCalls} / ${summary.portalLogins}`);
  say(`  delivery retries (in place and via topics)   ${summary.retried}`);
  say(`  times the portal connector was paused        ${summary.parked}`);
  say(`  dead-lettered                                ${summary.deadLettered}`);
  say(`  delivery failures told to the one-stop system ${summary.failuresToldToOneStop}`);
  say(
    `  filed on the portal → one-stop system        ${summary.filedOnPortal} → ${summary.deliveredToOneStop}`,
  );
  say(`  elapsed                                      ${summary.seconds} s`);
}
