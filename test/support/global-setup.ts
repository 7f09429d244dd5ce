import { ownInfrastructure } from '../../libs/infrastructure';
import { createLogRunFolder } from './log-scan/log-run-folder';
import { LOG_DIR_VARIABLE } from './log-scan/test-log-run';
import { dropRunSchemas } from './run-schemas';
import { RUN_INFRASTRUCTURE, type TestRunGlobals } from './test-run-globals';

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Once per test run: find or start the broker and the database, then hand their addresses to the test workers
 * through the environment (workers are forked after this and inherit it), with the folder the apps log to and
 * the tests record what they sent in, for the log scan of the global teardown.
 *
 * A broker this run started belongs to it. The global teardown stops it; Jest runs no teardown on Ctrl+C or
 * SIGTERM, and outside watch mode installs no handler for them, so the process would end with the broker (a
 * detached JVM) still running. Here such a signal ends the run with the signal's exit code, and the exit stops
 * the broker. The exit also drops the schemas of test files that were cut off before their afterAll.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  process.env[LOG_DIR_VARIABLE] = createLogRunFolder();
  const infrastructure = await ownInfrastructure((line) => console.log(`\n[infrastructure] ${line}`));
  (globalThis as TestRunGlobals)[RUN_INFRASTRUCTURE] = infrastructure;
  for (const [signal, code] of Object.entries(EXIT_CODES)) process.once(signal, () => process.exit(code));
  process.once('exit', () => dropRunSchemas(infrastructure.database.url));
  const { kafka, database, startedKafka } = infrastructure;
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.DATABASE_URL = database.url;
  console.log(
    `\n[infrastructure] Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}${startedKafka ? ', started for this run' : ', reused'}; ` +
      `PostgreSQL (${database.source}); ready in ${Date.now() - started} ms; apps log to ${process.env[LOG_DIR_VARIABLE]}`,
  );
}
