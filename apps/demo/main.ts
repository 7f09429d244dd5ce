import 'reflect-metadata';
import { ensureInfrastructure, stopKafka } from '@lgsp/infrastructure';
import { Topics } from '@lgsp/contracts';
import { MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { startGateway } from '../gateway/gateway.bootstrap';
import { startWorker } from '../worker/worker.bootstrap';
import { parseDemoOptions } from './demo-options';

const say = (line: string): void => console.log(`[demo] ${line}`);

/**
 * The README's first command: starts the broker and database (or uses the configured ones), the worker and
 * the gateway, sends dossier events through Kafka and shows where they arrived.
 */
async function main(): Promise<void> {
  const options = parseDemoOptions(process.argv.slice(2));
  const started = Date.now();
  const { kafka, database, startedKafka } = await ensureInfrastructure(say);
  say(`Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}; PostgreSQL (${database.source})`);
  const runId = Date.now().toString(36);
  const overrides = {
    KAFKA_BROKERS: kafka.brokers,
    DATABASE_URL: database.url,
    TOPIC_PREFIX: process.env.TOPIC_PREFIX ?? `lgsp-demo-${runId}`,
    DATABASE_SCHEMA: process.env.DATABASE_SCHEMA ?? `lgsp_demo_${runId}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const worker = await startWorker(overrides);
  const gateway = await startGateway(overrides);
  const topic = new TopicNames(overrides.TOPIC_PREFIX).main(Topics.dossierEvents);
  const publisher = worker.get(MessagePublisher);

  const codes = Array.from(
    { length: options.dossiers },
    (_, index) => `DEMO-${runId}-${String(index + 1).padStart(5, '0')}`,
  );
  await Promise.all(
    codes.map((code) =>
      publisher.publish(
        topic,
        createEnvelope({
          type: 'dossier.registered',
          contractVersion: 1,
          key: code,
          payload: { status: 1 },
          source: 'demo',
        }),
      ),
    ),
  );
  say(`Published ${codes.length} dossier events to ${topic} (acks=all)`);

  const db = worker.get(DatabaseService);
  const deadline = Date.now() + 60_000;
  let recorded = 0;
  while (Date.now() < deadline) {
    const rows = await db.query<{ count: string }>(
      `SELECT count(DISTINCT dossier_code) AS count FROM dossier_trace`,
    );
    recorded = Number(rows[0]?.count ?? 0);
    if (recorded >= codes.length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const summary = {
    published: codes.length,
    recordedByWorker: recorded,
    seconds: (Date.now() - started) / 1000,
  };
  say(`Summary: ${JSON.stringify(summary)}`);
  if (recorded < codes.length)
    throw new Error(`only ${recorded} of ${codes.length} dossiers reached the worker`);

  if (options.keep) {
    say(`Running; gateway at ${await gateway.getUrl()}. Press Ctrl+C to stop.`);
    return;
  }
  await gateway.close();
  await worker.close();
  if (startedKafka) await stopKafka(say);
}

main().then(
  () => undefined,
  (error: unknown) => {
    console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
