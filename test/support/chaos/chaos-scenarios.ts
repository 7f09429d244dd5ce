import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Topics } from '@lgsp/contracts';
import type { LocalKafkaCluster } from '@lgsp/infrastructure';
import type { ChaosBus } from './chaos-bus';
import { PROXIED_PARTNERS } from './chaos-bus';
import type { PrivatePostgres } from './private-postgres';

/** How long faults last: the short profile fits the test line, the full one is the (npm run test:chaos). */
export interface ChaosProfile {
  name: 'short' | 'full';
  /** Load before the first fault, and after the last one, so each fault meets traffic in flight. */
  calmMs: number;
  portalOutageMs: number;
  portalSlowMs: number;
  /** How long a killed process or a stopped database stays down. */
  downMs: number;
  /** Times a worker leaves and joins the group again. */
  rebalances: number;
  resetsMs: number;
  poisonMessages: number;
}

export const PROFILES: Record<ChaosProfile['name'], ChaosProfile> = {
  short: {
    name: 'short',
    calmMs: 3_000,
    portalOutageMs: 8_000,
    portalSlowMs: 5_000,
    downMs: 4_000,
    rebalances: 2,
    resetsMs: 8_000,
    poisonMessages: 5,
  },
  full: {
    name: 'full',
    calmMs: 10_000,
    portalOutageMs: 60_000,
    portalSlowMs: 20_000,
    downMs: 15_000,
    rebalances: 5,
    resetsMs: 30_000,
    poisonMessages: 50,
  },
};

/** What a scenario may break besides the bus's own processes. */
export interface ChaosTargets {
  bus: ChaosBus;
  cluster?: LocalKafkaCluster;
  database?: PrivatePostgres;
}

export interface ChaosScenario {
  name: string;
  /** Needs the suite's own three-broker cluster and database (it kills them). */
  needsOwnInfrastructure?: boolean;
  /** Breaks something while the load flows, and heals it; says how many poison messages it wrote, if any. */
  inject(targets: ChaosTargets, profile: ChaosProfile): Promise<{ injectedDeadLetters?: number } | void>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const SCENARIOS: ChaosScenario[] = [
  {
    name: 'worker-killed-and-rebalances',
    async inject({ bus }, profile) {
      bus.kill('worker-1');
      await pause(profile.downMs);
      await bus.restart('worker-1');
      // One of two workers leaves and joins again, repeatedly: each time the group rebalances under load.
      for (let round = 0; round < profile.rebalances; round += 1) {
        await bus.stop('worker-2');
        await pause(profile.downMs / 2);
        await bus.restart('worker-2');
      }
    },
  },
  {
    name: 'gateway-killed',
    async inject({ bus }, profile) {
      // Whatever it had committed and not yet published waits in its outbox for the relay (its own once
      // restarted, or the other gateway's).
      bus.kill('gateway-1');
      await pause(profile.downMs);
      await bus.restart('gateway-1');
    },
  },
  {
    name: 'portal-down-then-slow',
    async inject({ bus }, profile) {
      const portal = bus.simulators.controls.nationalPortal;
      await portal.set({ outage: 'http503' });
      await pause(profile.portalOutageMs);
      await portal.clear();
      // Past NATIONAL_PORTAL_TIMEOUT_MS: the portal applies each call, the bus stops waiting for the answer.
      await portal.set({ latencyMs: 2_500 });
      await pause(profile.portalSlowMs);
      await portal.clear();
    },
  },
  {
    name: 'connections-reset',
    async inject({ bus }, profile) {
      for (const partner of PROXIED_PARTNERS) bus.proxies[partner].setResetRate(0.3);
      await pause(profile.resetsMs);
      for (const partner of PROXIED_PARTNERS) bus.proxies[partner].setResetRate(0);
    },
  },
  {
    name: 'poison-messages',
    async inject({ bus }, profile) {
      await writePoison(bus, profile.poisonMessages);
      return { injectedDeadLetters: profile.poisonMessages };
    },
  },
  {
    name: 'database-restarted',
    needsOwnInfrastructure: true,
    async inject({ database }, profile) {
      if (!database) throw new Error('database-restarted needs the suite’s own PostgreSQL');
      // A crash, not a clean shutdown: no checkpoint, the next start replays the write-ahead log.
      await database.stop('immediate');
      await pause(profile.downMs);
      await database.start();
    },
  },
  {
    name: 'brokers-killed',
    needsOwnInfrastructure: true,
    async inject({ cluster }, profile) {
      if (!cluster) throw new Error('brokers-killed needs the suite’s own three-broker cluster');
      for (let round = 0; round < 2; round += 1) {
        const controller = await cluster.activeController();
        const victim = cluster.nodes.find((node) => node.nodeId !== controller)?.nodeId ?? controller;
        cluster.kill(victim);
        await pause(profile.downMs);
        await cluster.restart(victim);
      }
      const controller = await cluster.activeController();
      cluster.kill(controller);
      await pause(profile.downMs);
      await cluster.restart(controller);
    },
  },
];

/**
 * Writes messages no client sent onto the dossier events topic: bytes that are no envelope, and envelopes of a
 * contract the bus does not know. Each must end in the dead-letter topic with its reason, the rest flowing past.
 */
async function writePoison(bus: ChaosBus, count: number): Promise<void> {
  const kafka = new Kafka({
    clientId: `${bus.env.prefix}-poison`,
    brokers: bus.env.overrides.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = Array.from({ length: count }, (_, index) => ({
      key: `poison-${index}`,
      value:
        index % 2 === 0
          ? Buffer.from([0xff, 0xfe, 0x00, index])
          : JSON.stringify({ id: randomUUID(), type: 'vn.gov.lgsp.unknown-event', contractVersion: 99 }),
    }));
    await producer.send({ topic: `${bus.env.prefix}.${Topics.dossierEvents}`, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

/**
 * The scenarios of the test line's short profile, in the suite's order. worker-killed-and-rebalances and
 * brokers-killed pass too (docs/reliability.md) but take five more minutes under load, past the test line's budget:
 * they run with `npm run test:chaos`.
 */
export const TEST_LINE_SCENARIOS = [
  'gateway-killed',
  'portal-down-then-slow',
  'connections-reset',
  'poison-messages',
  'database-restarted',
];
