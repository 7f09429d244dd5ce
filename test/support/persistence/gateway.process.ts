import 'reflect-metadata';
import { listeningUrl, startGateway } from '../../../apps/gateway/gateway.bootstrap';

/**
 * The gateway in its own process, as deployed, so a test can see whether a fault makes the process exit. It
 * prints its URL when ready and closes on SIGTERM.
 */
async function main(): Promise<void> {
  const overrides = JSON.parse(process.env.LGSP_TEST_OVERRIDES ?? '{}') as Record<string, string>;
  const gateway = await startGateway(overrides);
  process.once('SIGTERM', () => {
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.stdout.write(`ready ${listeningUrl(gateway)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
