import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TestingModule } from '@nestjs/testing';
import { MessagePublisher, TopicNames, createEnvelope } from '@lgsp/messaging';
import { expectEventually } from '../support/expect-eventually';
import { createTestEnvironment } from '../support/test-environment';
import { createEffectTable, effects, startMessagingApp } from '../support/messaging/messaging-app';
import { TEST_TOPIC } from '../support/messaging/recording-consumer';

const TOTAL = 3_000;

function startConsumerProcess(overrides: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, '../support/messaging/recording-consumer.process.ts')],
    {
      cwd: join(__dirname, '../..'),
      env: {
        ...process.env,
        LGSP_TEST_OVERRIDES: JSON.stringify(overrides),
        SWC_NODE_PROJECT: 'tsconfig.json',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`consumer process exited early with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
  });
}

describe('consumer runtime: a consumer killed mid-batch', () => {
  // A short session so the group notices the dead member quickly; the handler bound keeps the config rule.
  const env = createTestEnvironment('crash', {
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    KAFKA_HANDLER_TIMEOUT_MS: '2000',
    NATIONAL_PORTAL_TIMEOUT_MS: '500',
    ONE_STOP_TIMEOUT_MS: '1000',
  });
  let publisherApp: TestingModule;
  let survivor: TestingModule | undefined;

  beforeAll(async () => {
    await createEffectTable(env.schema);
    publisherApp = await startMessagingApp({ overrides: env.overrides, withConsumer: false });
  });

  afterAll(async () => {
    await survivor?.close();
    await publisherApp?.close();
    await env.release();
  });

  it('loses no message and applies none twice after a restart', async () => {
    const victim = await startConsumerProcess(env.overrides);
    const topic = new TopicNames(env.prefix).main(TEST_TOPIC);
    await Promise.all(
      Array.from({ length: TOTAL }, (_, seq) =>
        publisherApp.get(MessagePublisher).publish(
          topic,
          createEnvelope({
            type: 'test.event',
            contractVersion: 1,
            key: `k-${seq % 30}`,
            payload: { seq },
            source: 'test',
          }),
        ),
      ),
    );
    await expectEventually(
      async () => expect((await effects(env.schema)).length).toBeGreaterThan(TOTAL / 5),
      {
        intervalMs: 20,
      },
    );
    victim.removeAllListeners('exit');
    victim.kill('SIGKILL');
    const appliedBeforeCrash = (await effects(env.schema)).length;
    expect(appliedBeforeCrash).toBeLessThan(TOTAL);

    survivor = await startMessagingApp({ overrides: env.overrides });
    const rows = await expectEventually(
      async () => {
        const applied = await effects(env.schema);
        expect(new Set(applied.map((row) => row.message_id)).size).toBe(TOTAL);
        return applied;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    expect(rows).toHaveLength(TOTAL);
  });
});
