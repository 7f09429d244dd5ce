/**
 * Closes the apps on SIGINT or SIGTERM (consumers stop fetching, finish in-flight messages and commit), then
 * exits normally, which also lets `node --cpu-prof` write its profile. A second signal exits at once.
 */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1);
    closing = true;
    console.error(`[bus] ${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[bus] shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
