import type { AxiosInstance, AxiosResponse } from 'axios';
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

/** Tries of one batch when the gateway answers 5xx (it was busy or its deadline passed), as a one-stop system would. */
const MAX_TRIES = 5;

/**
 * Registers dossiers and walks each through STATUS_PATH, in batch calls the way a one-stop system catches up.
 * Each batch carries an Idempotency-Key, so a batch answered 5xx is sent again safely: if the first try went
 * through after all, the gateway answers the retry with its first answer and nothing is applied twice.
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
    const batch = codes.slice(start, start + perBatch);
    const items = batch.flatMap((code, index) => [
      { dossier: dossierRegistration(code, offset + start + index, base) },
      ...STATUS_PATH.map((status, step) => ({ statusChange: statusChange(code, status, step + 1, base) })),
    ]);
    const key = `${options.run}.${offset + start}.${batch.length}`;
    const response = await postBatch(api, key, items);
    const refused = response.data.results?.filter((result) => result.status !== 202) ?? [];
    if (response.status !== 207 || refused.length > 0) {
      throw new Error(`batch refused: HTTP ${response.status} ${JSON.stringify(refused.slice(0, 3))}`);
    }
  }
  return codes;
}

async function postBatch(
  api: AxiosInstance,
  key: string,
  items: Record<string, unknown>[],
): Promise<AxiosResponse<{ results?: { status: number }[] }>> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await api.post<{ results?: { status: number }[] }>(
      '/v1/dossiers/batch',
      { items },
      { headers: { 'idempotency-key': key } },
    );
    if (response.status < 500 || attempt === MAX_TRIES) return response;
    const retryAfter = Number(response.headers['retry-after']);
    await waitMs((Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : attempt) * 1_000);
  }
}

const waitMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
