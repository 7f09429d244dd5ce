import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_KAFKA_VERSION, freePort, resolveKafkaClasspath, waitForBroker } from '@lgsp/infrastructure';

const run = promisify(execFile);
const TLS_DIR = join(__dirname, '../../../apps/simulators/kit/tls');

export interface SecuredBroker {
  /** The SASL_SSL listener: SCRAM-SHA-512 inside TLS, with the simulators' test certificate. */
  brokers: string;
  caFile: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * A single-node KRaft broker of its own whose client listener takes only SASL/SCRAM over TLS, for the test
 * of the bus's Kafka credentials (the shared test broker is plaintext). Its user exists from the start
 * (StorageTool --add-scram); inter-broker and controller traffic stay on loopback plaintext.
 */
export async function startSecuredBroker(): Promise<SecuredBroker> {
  const { libDir } = await resolveKafkaClasspath(DEFAULT_KAFKA_VERSION, () => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'lgsp-secured-broker-'));
  const [plain, secured, controller] = [await freePort(), await freePort(), await freePort()];
  const username = 'lgsp-bus';
  const password = randomBytes(12).toString('base64url');
  const keystore = join(dir, 'keystore.pem');
  writeFileSync(
    keystore,
    readFileSync(join(TLS_DIR, 'simulator.key'), 'utf8') +
      readFileSync(join(TLS_DIR, 'simulator.crt'), 'utf8'),
  );
  const properties = join(dir, 'server.properties');
  writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${secured},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${secured}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'sasl.enabled.mechanisms=SCRAM-SHA-512',
      'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${keystore}`,
      `log.dirs=${join(dir, 'logs')}`,
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'auto.create.topics.enable=false',
      'num.network.threads=1',
      'num.io.threads=2',
      '',
    ].join('\n'),
  );
  const jvm = ['-Xmx384m', '-Xms64m', '-XX:+UseSerialGC', '-cp', `${libDir}/*`];
  await run(
    'java',
    [
      ...jvm,
      'kafka.tools.StorageTool',
      'format',
      `--cluster-id=${randomBytes(16).toString('base64url').replace(/^-/u, 'A')}`,
      `--config=${properties}`,
      '--add-scram',
      `SCRAM-SHA-512=[name=${username},password=${password}]`,
    ],
    { timeout: 120_000 },
  );
  const child: ChildProcess = spawn('java', [...jvm, 'kafka.Kafka', properties], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Ready when the plaintext listener answers metadata; the secured one opens with it.
    await waitForBroker(`127.0.0.1:${plain}`, { timeoutMs: 90_000, isAlive: () => child.exitCode === null });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    brokers: `127.0.0.1:${secured}`,
    caFile: join(TLS_DIR, 'ca.crt'),
    username,
    password,
    stop,
  };
}
