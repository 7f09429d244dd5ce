import { ownInfrastructure } from '@lgsp/infrastructure';
import { Shutdown } from './shutdown-signals';

export class MissingBrokerError extends Error {}

export const PRODUCTION_NEEDS_BROKERS =
  'KAFKA_BROKERS must be set in production to the broker list (host:port[,host:port]); only outside production ' +
  'does `npm start` find or start a local broker itself, as `npm run kafka:up` does.';

/**
 * Where `npm start` finds its broker and database. In production they are configuration: KAFKA_BROKERS is
 * required and nothing is started. Elsewhere it finds or starts them exactly as the demo does (a broker it
 * started is stopped when the bus stops); KAFKA_BROKERS and DATABASE_URL, when set, still win.
 */
export async function busInfrastructure(
  env: NodeJS.ProcessEnv,
  shutdown: Shutdown,
  log: (line: string) => void,
): Promise<Record<string, string>> {
  if (env.NODE_ENV === 'production') {
    if (!env.KAFKA_BROKERS) throw new MissingBrokerError(PRODUCTION_NEEDS_BROKERS);
    return {};
  }
  const { kafka, database } = await shutdown.start(
    'the local broker',
    () => ownInfrastructure(log),
    (owned) => owned.release(),
  );
  log(`Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}; PostgreSQL (${database.source})`);
  return { KAFKA_BROKERS: kafka.brokers, DATABASE_URL: database.url };
}
