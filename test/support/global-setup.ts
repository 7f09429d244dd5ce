import { ensureInfrastructure } from '../../libs/infrastructure';
import { createLogRunFolder } from './log-scan/log-run-folder';
import { LOG_DIR_VARIABLE } from './log-scan/test-log-run';

/**
 * Once per test run: find or start the broker and the database, then hand their addresses to the test workers
 * through the environment (workers are forked after this and inherit it), with the folder the apps log to and
 * the tests record what they sent in, for the log scan of the global teardown.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  process.env[LOG_DIR_VARIABLE] = createLogRunFolder();
  const { kafka, database, startedKafka } = await ensureInfrastructure((line) =>
    console.log(`\n[infrastructure] ${line}`),
  );
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.DATABASE_URL = database.url;
  process.env.LGSP_TEST_STARTED_KAFKA = startedKafka ? '1' : '';
  console.log(
    `\n[infrastructure] Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}${startedKafka ? ', started for this run' : ', reused'}; ` +
      `PostgreSQL (${database.source}); ready in ${Date.now() - started} ms; apps log to ${process.env[LOG_DIR_VARIABLE]}`,
  );
}
