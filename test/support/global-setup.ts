import { ensureInfrastructure } from '../../libs/infrastructure';

/**
 * Once per test run: find or start the broker and the database, then hand their addresses to the test workers
 * through the environment (workers are forked after this and inherit it).
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const { kafka, database, startedKafka } = await ensureInfrastructure((line) =>
    console.log(`\n[infrastructure] ${line}`),
  );
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.DATABASE_URL = database.url;
  process.env.LGSP_TEST_STARTED_KAFKA = startedKafka ? '1' : '';
  console.log(
    `\n[infrastructure] Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}${startedKafka ? ', started for this run' : ', reused'}; ` +
      `PostgreSQL (${database.source}); ready in ${Date.now() - started} ms`,
  );
}
