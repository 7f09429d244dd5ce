import type { ConnectorStateRecord } from '@lgsp/messaging';
import { ConnectorBacklog, connectorsView, isLagGrowing } from './connectors.view';

const NOW = Date.UTC(2026, 10, 26, 6, 30, 0);
const BOUNDS = { staleAfterMs: 5_000, forgetAfterMs: 60_000 };
const iso = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();

function record(overrides: Partial<ConnectorStateRecord>): ConnectorStateRecord {
  return {
    schemaVersion: 1,
    worker: 'worker-a',
    connector: 'national-portal',
    reportedAt: iso(-500),
    state: 'closed',
    since: iso(-60_000),
    paused: false,
    consumerGroup: 'lgsp.national-portal',
    topics: ['dossier.events'],
    calls: {
      m1: { success: 1, failure: 0 },
      m5: { success: 2, failure: 1 },
      m15: { success: 3, failure: 1 },
    },
    latencyMs: { p50: 10, p95: 20 },
    lastSuccessAt: iso(-1_000),
    lastFailure: null,
    ...overrides,
  };
}

const backlog = (overrides: Partial<ConnectorBacklog> = {}): ConnectorBacklog => ({
  lag: 0,
  topics: [{ topic: 'dossier.events', lag: 0 }],
  growing: false,
  oldestWaitingSeconds: null,
  oldestWaitingAtLeast: false,
  deadLettersOpen: 0,
  outboxAgeSeconds: 0,
  ...overrides,
});

describe('connectorsView', () => {
  it('shows the worst state across replicas, since the earliest replica in it, summing calls', () => {
    const view = connectorsView(
      [
        record({ worker: 'worker-a' }),
        record({
          worker: 'worker-b',
          state: 'open',
          since: iso(-3_000),
          paused: true,
          latencyMs: { p50: 30, p95: 900 },
          lastSuccessAt: iso(-4_000),
          lastFailure: { at: iso(-3_500), reason: 'national portal: HTTP 503' },
        }),
        record({ worker: 'worker-c', state: 'open', since: iso(-2_000) }),
      ],
      new Map([
        [
          'national-portal',
          backlog({ lag: 7, topics: [{ topic: 'dossier.events', lag: 7 }], oldestWaitingSeconds: 42 }),
        ],
      ]),
      NOW,
      BOUNDS,
    );
    expect(view.generatedAt).toBe(iso(0));
    expect(view.connectors).toHaveLength(1);
    const [portal] = view.connectors;
    expect(portal).toMatchObject({
      name: 'national-portal',
      state: 'open',
      since: iso(-3_000),
      health: 'degraded',
      paused: true,
      calls: { m1: { success: 3, failure: 0 }, m5: { success: 6, failure: 3 } },
      latencyMs: { p50: 30, p95: 900 },
      lastSuccessAt: iso(-1_000),
      lastFailure: { at: iso(-3_500), reason: 'national portal: HTTP 503' },
      backlog: {
        lag: 7,
        topics: [{ topic: 'dossier.events', lag: 7 }],
        oldestWaitingSeconds: 42,
        oldestWaitingAtLeast: false,
      },
      deadLetters: { open: 0 },
      outboxAgeSeconds: 0,
    });
    expect(portal.replicas.map((replica) => [replica.worker, replica.state])).toEqual([
      ['worker-a', 'closed'],
      ['worker-b', 'open'],
      ['worker-c', 'open'],
    ]);
  });

  it('ranks half-open between closed and open', () => {
    const view = connectorsView(
      [record({ worker: 'a', state: 'half-open' }), record({ worker: 'b' })],
      new Map(),
      NOW,
      BOUNDS,
    );
    expect(view.connectors[0]).toMatchObject({ state: 'half-open', health: 'degraded' });
  });

  it('lists a replica that stopped reporting as stale, leaving it out of the connector’s state and counts', () => {
    const view = connectorsView(
      [
        record({ worker: 'gone', state: 'open', paused: true, reportedAt: iso(-6_000) }),
        record({ worker: 'alive' }),
      ],
      new Map(),
      NOW,
      BOUNDS,
    );
    expect(view.connectors[0]).toMatchObject({
      state: 'closed',
      health: 'healthy',
      paused: false,
      calls: { m1: { success: 1, failure: 0 } },
    });
    expect(view.connectors[0].replicas).toEqual([
      { worker: 'alive', state: 'closed', since: iso(-60_000), reportedAt: iso(-500), stale: false },
      { worker: 'gone', state: 'open', since: iso(-60_000), reportedAt: iso(-6_000), stale: true },
    ]);
  });

  it('shows a connector whose replicas are all stale from their last reports, flagged unreported', () => {
    const view = connectorsView(
      [
        record({ worker: 'a', connector: 'one-stop', state: 'open', reportedAt: iso(-7_000) }),
        record({ worker: 'b', connector: 'one-stop', reportedAt: iso(-9_000) }),
        record({ worker: 'b' }),
      ],
      new Map(),
      NOW,
      BOUNDS,
    );
    const oneStop = view.connectors.find((connector) => connector.name === 'one-stop');
    expect(oneStop).toMatchObject({ state: 'open', health: 'unreported', calls: { m1: { success: 2 } } });
    expect(oneStop?.replicas.map((replica) => replica.stale)).toEqual([true, true]);
    expect(view.connectors.find((connector) => connector.name === 'national-portal')?.health).toBe('healthy');
  });

  it('forgets a replica, and a connector only it ran, once its last report is past the forget bound', () => {
    const view = connectorsView(
      [
        record({ worker: 'long-gone', state: 'open', reportedAt: iso(-61_000) }),
        record({ worker: 'alive' }),
        record({ worker: 'long-gone', connector: 'one-stop', reportedAt: iso(-61_000) }),
      ],
      new Map(),
      NOW,
      BOUNDS,
    );
    expect(view.connectors.map((connector) => connector.name)).toEqual(['national-portal']);
    expect(view.connectors[0].replicas.map((replica) => replica.worker)).toEqual(['alive']);
  });

  it('flags a closed connector whose lag grows as backlogged, an open one as degraded', () => {
    const growing = new Map([['national-portal', backlog({ lag: 9, growing: true, deadLettersOpen: 2 })]]);
    expect(connectorsView([record({})], growing, NOW, BOUNDS).connectors[0]).toMatchObject({
      health: 'backlogged',
      deadLetters: { open: 2 },
    });
    expect(connectorsView([record({ state: 'open' })], growing, NOW, BOUNDS).connectors[0].health).toBe(
      'degraded',
    );
  });

  it('without a backlog reading: lag 0 and no outbox age', () => {
    const [view] = connectorsView(
      [record({ consumerGroup: null, latencyMs: null })],
      new Map(),
      NOW,
      BOUNDS,
    ).connectors;
    expect(view).toMatchObject({
      backlog: { lag: 0, topics: [], oldestWaitingSeconds: null, oldestWaitingAtLeast: false },
      deadLetters: { open: 0 },
      outboxAgeSeconds: null,
      latencyMs: null,
    });
  });
});

describe('isLagGrowing', () => {
  it.each([
    [[], false],
    [[1, 2, 3], false],
    [[1, 2, 3, 4], true],
    [[9, 0, 1, 2, 5], true],
    [[1, 2, 2, 3], false],
    [[3, 3, 3, 3], false],
    [[1, 3, 2, 4], false],
    [[0, 0, 0, 0], false],
  ])('%j -> %s', (readings, expected) => {
    expect(isLagGrowing(readings)).toBe(expected);
  });
});
