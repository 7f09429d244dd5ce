import { execFileSync } from 'node:child_process';
import { EnsuredInfrastructure, ensureInfrastructure, stopKafka } from './infrastructure';
import { KafkaState, clearKafkaState } from './infrastructure-state';
import { stopProcess } from './kafka/local-kafka-broker';

export interface OwnedInfrastructure extends EnsuredInfrastructure {
  /** Stops the broker when this command started it; a broker it found keeps running. Safe to call twice. */
  release(): Promise<void>;
}

/**
 * The broker and database for a command (`npm start`, the demo, a benchmark), found or started as the README
 * says. A broker this command started belongs to it: release() stops it, and if the process ends without
 * releasing (a crash, process.exit, a second Ctrl+C) it is stopped synchronously as the process exits.
 */
export async function ownInfrastructure(log: (line: string) => void): Promise<OwnedInfrastructure> {
  const ensured = await ensureInfrastructure(log);
  let released = !ensured.startedKafka;
  const onExit = (): void => {
    if (released) return;
    released = true;
    stopKafkaNow(ensured.kafka);
  };
  process.on('exit', onExit);
  return {
    ...ensured,
    async release() {
      process.off('exit', onExit);
      if (released) return;
      released = true;
      await stopKafka(log);
    },
  };
}

/** For an exit hook, where nothing asynchronous runs any more. */
function stopKafkaNow(kafka: KafkaState): void {
  try {
    if (kafka.pid !== undefined) stopProcess(kafka.pid);
    else if (kafka.containerId) execFileSync('docker', ['rm', '-f', kafka.containerId], { timeout: 60_000 });
    clearKafkaState();
  } catch (error) {
    console.error(`could not stop the broker at ${kafka.brokers}: ${(error as Error).message}`);
  }
}
