import { scanRunLogs } from './log-scan/scan-run-logs';
import { testLogDir } from './log-scan/test-log-run';
import { RUN_INFRASTRUCTURE, type TestRunGlobals } from './test-run-globals';

/**
 * Whoever starts the broker stops it: a broker from `npm run kafka:up` or KAFKA_BROKERS outlives the run. Then
 * the log scan: a personal value or token in clear in what the apps logged fails the run (jest exits non-zero
 * when the global teardown throws).
 */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as TestRunGlobals)[RUN_INFRASTRUCTURE]?.release();
  const folder = testLogDir();
  if (folder) console.log(`[log scan] ${scanRunLogs(folder)}`);
}
