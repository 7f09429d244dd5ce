import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dockerEngineAnswers } from './docker-engine';
import {
  DatabaseState,
  InfrastructureState,
  KafkaState,
  clearKafkaState,
  readState,
  writeState,
} from './infrastructure-state';
import { brokerAnswers } from './kafka/broker-readiness';
import { DEFAULT_KAFKA_VERSION, commandExists } from './kafka/kafka-artifacts';
import { startKafkaContainer } from './kafka/kafka-container';
import { isProcessAlive, startLocalBroker, stopProcess } from './kafka/local-kafka-broker';
import { DEFAULT_DATABASE_URL, databaseAnswers, startPostgresContainer } from './postgres/database-provider';
import { withStartLock } from './start-lock';

const run = promisify(execFile);

export interface EnsuredInfrastructure {
  kafka: KafkaState;
  database: DatabaseState;
  /** True when this call started the broker (and so should stop it when its owner is done). */
  startedKafka: boolean;
}

export class InfrastructureUnavailableError extends Error {}

type Log = (line: string) => void;

async function runningBroker(state: InfrastructureState): Promise<KafkaState | undefined> {
  const kafka = state.kafka;
  if (!kafka || kafka.source === 'env') return undefined;
  if (kafka.pid !== undefined && !isProcessAlive(kafka.pid)) return undefined;
  return (await brokerAnswers(kafka.brokers)) ? kafka : undefined;
}

/**
 * Finds or starts the broker, in the order the README promises: KAFKA_BROKERS, then a Docker engine through
 * testcontainers, then a local KRaft broker from Maven Central's artifacts; otherwise one clear sentence.
 */
export async function ensureKafka(log: Log): Promise<{ kafka: KafkaState; started: boolean }> {
  const configured = process.env.KAFKA_BROKERS;
  if (configured) {
    if (!(await brokerAnswers(configured, 10_000))) {
      throw new InfrastructureUnavailableError(
        `KAFKA_BROKERS=${configured} is set but no broker answers there.`,
      );
    }
    return {
      kafka: { brokers: configured, source: 'env', version: 'external', startedAt: new Date().toISOString() },
      started: false,
    };
  }
  return withStartLock('kafka', async () => {
    const reused = await runningBroker(readState());
    if (reused) return { kafka: reused, started: false };
    let kafka: KafkaState;
    if (await dockerEngineAnswers()) {
      kafka = await startKafkaContainer(log);
    } else if ((await commandExists('java', ['-version'])) && (await commandExists('mvn', ['-v']))) {
      kafka = await startLocalBroker({
        version: process.env.LGSP_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION,
        port: process.env.LGSP_KAFKA_PORT ? Number(process.env.LGSP_KAFKA_PORT) : undefined,
        heap: process.env.LGSP_KAFKA_HEAP ?? '512m',
        log,
      });
    } else {
      throw new InfrastructureUnavailableError(
        'No Kafka broker: set KAFKA_BROKERS to an existing broker, or start a Docker engine, or install Java 17 and Maven so the project can run Apache Kafka from Maven Central.',
      );
    }
    writeState({ ...readState(), kafka });
    return { kafka, started: true };
  });
}

export async function ensureDatabase(log: Log): Promise<DatabaseState> {
  const configured = process.env.DATABASE_URL;
  const url = configured ?? DEFAULT_DATABASE_URL;
  if (await databaseAnswers(url)) return { url, source: configured ? 'env' : 'default' };
  if (configured) {
    throw new InfrastructureUnavailableError('DATABASE_URL is set but no PostgreSQL answers there.');
  }
  const previous = readState().database;
  if (previous?.source === 'testcontainers' && (await databaseAnswers(previous.url))) return previous;
  if (!(await dockerEngineAnswers())) {
    throw new InfrastructureUnavailableError(
      `No PostgreSQL at ${DEFAULT_DATABASE_URL}: set DATABASE_URL, or start a Docker engine so testcontainers can run one.`,
    );
  }
  const database = await startPostgresContainer(log);
  writeState({ ...readState(), database });
  return database;
}

export async function ensureInfrastructure(log: Log = () => undefined): Promise<EnsuredInfrastructure> {
  const [{ kafka, started }, database] = await Promise.all([ensureKafka(log), ensureDatabase(log)]);
  return { kafka, database, startedKafka: started };
}

/** Stops a broker this project started; a broker named by KAFKA_BROKERS is never touched. */
export async function stopKafka(log: Log): Promise<void> {
  const { kafka } = readState();
  if (!kafka) {
    log('No broker started by this project is recorded.');
    return;
  }
  if (kafka.pid !== undefined) {
    stopProcess(kafka.pid);
  } else if (kafka.containerId) {
    await run('docker', ['rm', '-f', kafka.containerId], { timeout: 60_000 });
  }
  clearKafkaState();
  log(`Stopped the ${kafka.source} broker at ${kafka.brokers}.`);
}
