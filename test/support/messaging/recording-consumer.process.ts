import 'reflect-metadata';
import { startMessagingApp } from './messaging-app';

/**
 * A consumer in its own process, so a test can kill it (SIGKILL: no shutdown hook, no offset commit, an open
 * transaction cut off) the way a crashed pod dies.
 */
async function main(): Promise<void> {
  const overrides = JSON.parse(process.env.LGSP_TEST_OVERRIDES ?? '{}') as Record<string, string>;
  // A little work per message keeps the kill inside a batch rather than between two.
  await startMessagingApp({ overrides, behaviour: () => new Promise((resolve) => setTimeout(resolve, 2)) });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
