import { Kafka, logLevel } from 'kafkajs';

export interface ReadinessOptions {
  timeoutMs: number;
  /** Checked between attempts so a broker that died at start fails at once instead of after the timeout. */
  isAlive?: () => boolean;
}

/** True once the broker answers a metadata request, which is what every client needs first. */
export async function brokerAnswers(brokers: string, timeoutMs = 3_000): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'lgsp-readiness',
    brokers: brokers.split(','),
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function waitForBroker(brokers: string, options: ReadinessOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (options.isAlive && !options.isAlive()) throw new Error('the broker process exited during start');
    if (await brokerAnswers(brokers, 2_000)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the broker did not answer a metadata request within ${options.timeoutMs} ms`);
}
