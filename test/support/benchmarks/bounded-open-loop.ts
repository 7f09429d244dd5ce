/**
 * Open-loop load with a cap on requests in flight, as a real client has a bounded connection pool. A request
 * whose start time comes while the cap is reached is not queued but shed and counted: queueing it would delay
 * its start and hide the wait from the measured latency (coordinated omission), and a client that cannot start
 * a request when it is due has failed it as far as its user is concerned.
 */
export async function boundedOpenLoop(
  ratePerSecond: number,
  total: number,
  maxInFlight: number,
  send: (index: number) => Promise<void>,
): Promise<{ shed: number }> {
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let shed = 0;
  let failure: { error: unknown } | undefined;
  for (let index = 0; index < total && !failure; index++) {
    const due = started + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // A generator running behind schedule never waits above, so answers that already came would still count as
    // in flight; one turn of the event loop lets them leave before the cap is judged.
    if (inFlight.size >= maxInFlight) await new Promise((resolve) => setImmediate(resolve));
    if (inFlight.size >= maxInFlight) {
      shed++;
      continue;
    }
    // Observed at once: a send that fails while later ones are still being scheduled is not left unhandled.
    const request: Promise<void> = send(index)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return { shed };
}
