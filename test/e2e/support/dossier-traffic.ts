import { dossierCodeFor, dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { BusUnderTest } from './bus-under-test';

/** Five status changes after registration, ending on a terminal status. */
export const STATUS_PATH = [2, 4, 6, 9, 10] as const;

/** Registers dossiers and walks each through STATUS_PATH, in batches the way a one-stop system would send them. */
export async function sendDossierLifeCycles(
  bus: BusUnderTest,
  run: string,
  count: number,
  offset = 0,
): Promise<string[]> {
  const codes = Array.from({ length: count }, (_, index) => dossierCodeFor(run, offset + index));
  const base = Date.UTC(2025, 6, 1, 1, 0, 0);
  const perBatch = 80;
  for (let start = 0; start < codes.length; start += perBatch) {
    const items = codes
      .slice(start, start + perBatch)
      .flatMap((code, index) => [
        { dossier: dossierRegistration(code, offset + start + index, base) },
        ...STATUS_PATH.map((status, step) => ({ statusChange: statusChange(code, status, step + 1, base) })),
      ]);
    const response = await bus.api.post<{ results: { status: number }[] }>('/v1/dossiers/batch', { items });
    const refused = response.data.results?.filter((result) => result.status !== 202) ?? [];
    if (response.status !== 207 || refused.length > 0) {
      throw new Error(`batch refused: HTTP ${response.status} ${JSON.stringify(refused.slice(0, 3))}`);
    }
  }
  return codes;
}
