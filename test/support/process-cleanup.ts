import { runInThisContext } from 'node:vm';

/**
 * Jest gives each test file a copy of `process` whose `exit` and signal listeners never fire; the Node process
 * itself is the one that exits, so the listeners go on that one (the same object outside Jest).
 */
const nodeProcess = runInThisContext('process') as NodeJS.Process;
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const cleanups = new Set<() => void>();

function onExit(): void {
  for (const cleanup of [...cleanups]) cleanup();
}

/**
 * A signal ends the process without `exit` listeners running (Jest's workers have no handler for SIGINT, so
 * Ctrl+C kills them outright), and what was started in a session or group of its own (a postmaster, a detached replica) would go on. The cleanup runs first,
 * then the signal is raised again so that the process ends as it would have, unless someone else handles it.
 */
function onSignal(signal: NodeJS.Signals): void {
  onExit();
  if (nodeProcess.listenerCount(signal) === 0) nodeProcess.kill(nodeProcess.pid, signal);
}

/** The listeners are there while an instance exists, so that a process without one keeps its own behaviour. */
export function watchProcess(cleanup: () => void, watch: boolean): void {
  const watching = cleanups.size > 0;
  if (watch) cleanups.add(cleanup);
  else cleanups.delete(cleanup);
  if (watching === cleanups.size > 0) return;
  for (const event of ['exit', ...SIGNALS] as const) {
    if (watching) nodeProcess.off(event, event === 'exit' ? onExit : onSignal);
    else nodeProcess.on(event, event === 'exit' ? onExit : onSignal);
  }
}
