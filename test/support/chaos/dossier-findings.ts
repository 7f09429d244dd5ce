import type { ChaosBus } from './chaos-bus';

/** What a reconciliation finding shows of one dossier: the portal's own history, and the bus's trace toward it. */

export async function portalHistory(bus: ChaosBus, code: string): Promise<string> {
  const { data } = await bus.admins.portal.get<{
    syncs: { seq: number; dossier: Record<string, unknown> }[];
    progress: { seq: number; update: Record<string, unknown> }[];
  }>(`/admin/portal/dossiers/${code}`);
  const paid = (record: Record<string, unknown>): string =>
    JSON.stringify(record).includes('"TrangThaiThanhToan":1') ? '+paid' : '';
  return [
    ...data.syncs.map((sync) => ({
      seq: sync.seq,
      text: `S${String(sync.dossier.TrangThaiHoSo)}${paid(sync.dossier)}`,
    })),
    ...data.progress.map((step) => ({
      seq: step.seq,
      text: `P${JSON.stringify(step.update.TrangThaiHoSo ?? '')}`,
    })),
  ]
    .sort((a, b) => a.seq - b.seq)
    .map((entry) => entry.text)
    .join(' ');
}

/**
 * What the bus recorded of the dossier toward the portal, oldest first: each entry's event, stage, status and
 * attempt (`status.changed:delivered/4#1`), so a finding shows which try did what.
 */
export async function portalTrace(bus: ChaosBus, code: string): Promise<string> {
  const { data, status } = await bus.api.get<{
    entries: { stage: string; system: string; eventType?: string; detail?: Record<string, unknown> }[];
  }>(`/v1/dossiers/${code}/trace`);
  if (status !== 200) return `(no trace: HTTP ${status})`;
  return data.entries
    .filter((entry) => entry.system === 'national-portal')
    .map((entry) => {
      const detail = entry.detail ?? {};
      const statusText = detail.status === undefined ? '' : `/${JSON.stringify(detail.status)}`;
      const attempt = detail.attempt ? `#${JSON.stringify(detail.attempt)}` : '';
      return `${(entry.eventType ?? '').replace(/^dossier\./, '')}:${entry.stage}${statusText}${attempt}`;
    })
    .join(' ');
}
