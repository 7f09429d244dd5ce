import { stopKafka } from '../../libs/infrastructure';

/** Whoever starts the broker stops it: a broker from `npm run kafka:up` or KAFKA_BROKERS outlives the run. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.LGSP_TEST_STARTED_KAFKA === '1') {
    await stopKafka((line) => console.log(`[infrastructure] ${line}`));
  }
}
