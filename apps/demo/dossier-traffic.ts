import type { AxiosInstance } from 'axios';
import { dossierCodeFor, dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';

/** Five status changes after registration, ending on a terminal status (docs/domain.md, Transitions). */
export const STATUS_PATH = [2, 4, 6, 9, 10] as const;

export interface TrafficOptions {
  run: string;
  count: number;
  offset?: number;
  /** Dossiers per batch call; each brings its registration and its five status changes. */
  perBatch?: number;
}

/**
 * Registers dossiers and walks each through STATUS_PATH, in batch calls the way a one-stop system catches up.
 * Returns the dossier codes; throws if the gateway refused anything.
 */
export async function sendDossierLifeCycles(api: AxiosInstance, options: TrafficOptions): Promise<string[]> {
  const offset = options.offset ?? 0;
  const perBatch = options.perBatch ?? 80;
  const codes = Array.from({ length: options.count }, (_, index) =>
    dossierCodeFor(options.run, offset + index),
  );
  const base = Date.UTC(2025, 6, 1, 1, 0, 0);
  for (let start = 0; start < codes.length; start += perBatch) {
    const items = codes
      .slice(start, start + perBatch)
      .flatMap((code, index) => [
        { dossier: dossierRegistration(code, offset + start + index, base) },
        ...STATUS_PATH.map((status, step) => ({ statusChange: statusChange(code, status, step + 1, base) })),
      ]);
    const response = await api.post<{ results?: { status: number }[] }>('/v1/dossiers/batch', { items });
    const refused = response.data.results?.filter((result) => result.status !== 202) ?? [];
    if (response.status !== 207 || refused.length > 0) {
      throw new Error(`batch refused: HTTP ${response.status} ${JSON.stringify(refused.slice(0, 3))}`);
    }
  }
  return codes;
}
