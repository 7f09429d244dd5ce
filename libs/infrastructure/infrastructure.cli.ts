import { ensureInfrastructure, readState, stopKafka } from './index';
import { InfrastructureUnavailableError } from './infrastructure';

const log = (line: string): void => console.log(line);

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'up': {
      const { kafka, database, startedKafka } = await ensureInfrastructure(log);
      log(
        `Kafka ${kafka.version} (${kafka.source}) ${startedKafka ? 'started' : 'already running'} at ${kafka.brokers}`,
      );
      if (kafka.logFile) log(`Broker log: ${kafka.logFile}`);
      log(`PostgreSQL (${database.source}) at ${database.url.replace(/:[^:@/]*@/, ':***@')}`);
      log('Stop the broker with: npm run kafka:down');
      return;
    }
    case 'down':
      await stopKafka(log);
      return;
    case 'status': {
      const { kafka } = readState();
      log(
        kafka
          ? `Kafka ${kafka.version} (${kafka.source}) at ${kafka.brokers}, pid ${kafka.pid ?? '-'}`
          : 'No broker recorded.',
      );
      return;
    }
    default:
      throw new InfrastructureUnavailableError('usage: infrastructure.cli up|down|status');
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
