import { Topics } from '@lgsp/contracts';
import { NATIONAL_PORTAL } from '../../adapters/national-portal/national-portal.policy';
import { STATUS_PATH, sendDossierLifeCycles } from '../../apps/demo/dossier-traffic';
import { expectEventually } from '../support/expect-eventually';
import {
  GroupAssignment,
  deadLetterCount,
  groupAssignment,
  groupLag,
  successfulCalls,
} from '../support/deployment/consumer-group-view';
import { ReplicatedBus, portalState, startReplicatedBus } from '../support/deployment/replicated-bus';
import { ReplicaProcess } from '../support/deployment/replica-process';

const PER_BATCH = 5;

/** What one bus instance leaves on the portal for a dossier that walked STATUS_PATH: each step applied once. */
const ONE_INSTANCE_OUTCOME = {
  status: STATUS_PATH[STATUS_PATH.length - 1],
  syncCount: 1 + STATUS_PATH.length,
  progressCount: STATUS_PATH.length,
};

/**
 * The bus scaled out as a province deploys it: two gateway and two worker processes of one deployment on one
 * broker. The one-stop system's traffic alternates between the gateways (as a load balancer spreads it); the
 * workers share the partitions of each connector's consumer group. Whatever the number of replicas, and even when
 * a worker leaves and another joins while traffic flows, the portal ends where one instance leaves it.
 */
describe('scale-out: two gateways and two workers on one broker', () => {
  let bus: ReplicatedBus;
  const sent: string[] = [];

  const group = (): string => `${bus.env.prefix}.${NATIONAL_PORTAL}`;
  const topic = (): string => `${bus.env.prefix}.${Topics.dossierEvents}`;

  /** Batches `first`..`last` (1-based) of PER_BATCH dossiers, alternately through each gateway, one after another. */
  async function sendBatches(run: string, first: number, last: number): Promise<void> {
    for (let batch = first; batch <= last; batch += 1) {
      const api = bus.apis[batch % bus.apis.length];
      const offset = (batch - 1) * PER_BATCH;
      sent.push(
        ...(await sendDossierLifeCycles(api, { run, count: PER_BATCH, offset, perBatch: PER_BATCH })),
      );
    }
  }

  /** Waits until the group's members (by client id) are `workers`, each holding some partitions. */
  async function assignedTo(workers: ReplicaProcess[]): Promise<GroupAssignment> {
    return expectEventually(
      async () => {
        const assignment = await groupAssignment(group(), topic());
        expect([...assignment.keys()].sort()).toEqual(workers.map((worker) => worker.clientId).sort());
        for (const partitions of assignment.values()) expect(partitions.length).toBeGreaterThan(0);
        expect([...assignment.values()].flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
        return assignment;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  }

  /** Every dossier sent so far is on the portal as one instance leaves it, and nothing else is. */
  async function expectOneInstanceOutcome(): Promise<void> {
    const expected = new Map(sent.map((code) => [code, ONE_INSTANCE_OUTCOME]));
    await expectEventually(
      async () => {
        const held = await portalState(bus);
        const summary = new Map(
          [...held].map(([code, { status, syncCount, progressCount }]) => [
            code,
            { status, syncCount, progressCount },
          ]),
        );
        expect(summary).toEqual(expected);
      },
      { timeoutMs: 180_000, intervalMs: 1_000 },
    );
    // Everything committed: no member can be handed a message again, so what the portal holds now is final.
    await expectEventually(async () => expect(await groupLag(group(), topic())).toBe(0), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const held = await portalState(bus);
    expect(held.size).toBe(sent.length);
    for (const code of sent) expect(held.get(code)).toMatchObject(ONE_INSTANCE_OUTCOME);
    expect(await deadLetterCount(bus.env.schema)).toBe(0);
  }

  beforeAll(async () => {
    bus = await startReplicatedBus('scale-out', { gateways: 2, workers: 2 });
  }, 300_000);

  afterAll(async () => {
    await bus?.close();
  }, 120_000);

  it('shares the partitions between the workers and ends as one instance does', async () => {
    const [first, second] = bus.workers;
    await assignedTo([first, second]);
    // 40 dossiers, 240 messages, keyed by dossier code over six partitions: both halves get some.
    await sendBatches('scale-out', 1, 8);
    await expectOneInstanceOutcome();
    // Each worker's own metrics: both called the portal, so both processed messages of their partitions.
    expect(await successfulCalls(first.url, NATIONAL_PORTAL)).toBeGreaterThan(0);
    expect(await successfulCalls(second.url, NATIONAL_PORTAL)).toBeGreaterThan(0);
  }, 300_000);

  it('loses and duplicates nothing when a worker leaves and another joins while traffic flows', async () => {
    const [staying, leaving] = bus.workers;
    await sendBatches('scale-out', 9, 10);
    // It leaves (SIGTERM, as a scale-down or a rolling update stops a pod) while the gateways keep accepting.
    await Promise.all([bus.stopWorker(leaving), sendBatches('scale-out', 11, 13)]);
    await assignedTo([staying]);
    // A new one joins while traffic still flows; the group rebalances again.
    const [joining] = await Promise.all([bus.startWorker('worker-3'), sendBatches('scale-out', 14, 15)]);
    await assignedTo([staying, joining]);
    // 20 more dossiers once it holds its partitions, so it is seen doing its share.
    await sendBatches('scale-out', 16, 19);
    await expectOneInstanceOutcome();
    expect(await successfulCalls(joining.url, NATIONAL_PORTAL)).toBeGreaterThan(0);
  }, 400_000);
});
