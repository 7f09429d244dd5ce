/** Nearest-rank percentile of latencies in milliseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] * 100) / 100;
}

export const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

/**
 * Open-loop load: starts `send` at a fixed arrival rate whatever the system's speed, so queueing shows up in
 * the measured latency instead of slowing the load down (a closed loop would hide it).
 */
export async function openLoop(
  ratePerSecond: number,
  total: number,
  send: (index: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  for (let index = 0; index < total && !failure; index++) {
    const due = started + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Observed at once: a send that fails while later ones are still being scheduled is not left unhandled.
    inFlight.push(
      send(index).catch((error: unknown) => {
        failure ??= { error };
      }),
    );
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}
