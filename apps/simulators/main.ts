import 'reflect-metadata';
import { startSimulators, SIMULATOR_SYSTEMS } from './simulators.bootstrap';
import { simulatorsOptionsFromEnvironment } from './simulators-environment';

async function main(): Promise<void> {
  const simulators = await startSimulators(simulatorsOptionsFromEnvironment(process.env));
  for (const system of SIMULATOR_SYSTEMS) console.log(`${system.padEnd(20)} ${simulators.urls[system]}`);
  if (simulators.urls.control) console.log(`${'control'.padEnd(20)} ${simulators.urls.control}`);
  // A generated token is only known here: whoever started the simulators needs it for their admin API.
  if (!process.env.SIMULATOR_ADMIN_TOKEN) console.log(`${'admin token'.padEnd(20)} ${simulators.adminToken}`);
  const stop = (): void => {
    simulators.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
