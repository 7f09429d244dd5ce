import type { BreakerState, CallCounts } from '@lgsp/resilience';
import type { ConnectorStateRecord } from '@lgsp/messaging';

/** `unreported`: every replica is stale; the rest of the entry is the replicas' last reports. */
export type ConnectorHealth = 'healthy' | 'degraded' | 'backlogged' | 'unreported';

/** What the gateway measures itself for one connector (Kafka lag, dead letters, outbox). */
export interface ConnectorBacklog {
  lag: number;
  topics: { topic: string; lag: number }[];
  /** Lag grew over the last readings (see isLagGrowing). */
  growing: boolean;
  /** How long the oldest message not yet consumed has waited (see ArrivalTimes); null when none waits. */
  oldestWaitingSeconds: number | null;
  /** The oldest waiting message was already there at the gateway's first reading: its age is a lower bound. */
  oldestWaitingAtLeast: boolean;
  deadLettersOpen: number;
  outboxAgeSeconds: number | null;
}

export interface ReplicaView {
  worker: string;
  state: BreakerState;
  since: string | null;
  reportedAt: string;
  /** Its last report is older than the staleness bound: its worker was killed or cut off. */
  stale: boolean;
}

/** What every replica shares about the partner: an operator's override, a maintenance window in force. */
export interface SharedPartnerView {
  state: 'open' | 'closed';
  forced: { state: 'open' | 'closed'; by: string | null; reason: string | null; at: string | null } | null;
  maintenance: { until: string; reason: string } | null;
}

/** One entry of GET /v1/ops/connectors; the shape the operators' console is built against (docs/operations.md). */
export interface ConnectorView {
  /** Absent for connectors whose replicas keep their own breakers (the payment gateways, in the gateway). */
  shared?: SharedPartnerView;
  name: string;
  state: BreakerState;
  since: string | null;
  health: ConnectorHealth;
  paused: boolean;
  replicas: ReplicaView[];
  calls: { m1: CallCounts; m5: CallCounts; m15: CallCounts };
  latencyMs: { p50: number; p95: number } | null;
  lastSuccessAt: string | null;
  lastFailure: { at: string; reason: string } | null;
  backlog: {
    lag: number;
    topics: { topic: string; lag: number }[];
    oldestWaitingSeconds: number | null;
    oldestWaitingAtLeast: boolean;
  };
  deadLetters: { open: number };
  outboxAgeSeconds: number | null;
}

export interface ConnectorsView {
  generatedAt: string;
  connectors: ConnectorView[];
}

/** When a replica's last report counts as stale, and when it is not shown any more. */
export interface ReplicaBounds {
  staleAfterMs: number;
  forgetAfterMs: number;
}

const SEVERITY: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** How many readings the growth rule looks at: with a reading every two seconds, six seconds of growth. */
export const GROWTH_READINGS = 4;

/**
 * Lag grows when each of the last readings is above the one before: a consumer keeping up shows its lag go up
 * and down (offsets are committed once a second), one falling behind shows it only going up.
 */
export function isLagGrowing(readings: readonly number[]): boolean {
  if (readings.length < GROWTH_READINGS) return false;
  const last = readings.slice(-GROWTH_READINGS);
  return last.every((lag, index) => index === 0 || lag > last[index - 1]);
}

/** Milliseconds since the record was built. */
function ageOf(record: ConnectorStateRecord, now: number): number {
  return now - Date.parse(record.reportedAt);
}

/**
 * The cluster's view: one entry per connector that a worker reported within the forget bound. A replica whose
 * last report is older than the staleness bound is listed as `stale` (a killed worker never withdraws its
 * records) and left out of everything else: the state is the worst across the live replicas (one open breaker
 * means some of its traffic is parked), counts are summed, latency percentiles are the highest replica's
 * (percentiles of separate samples cannot be merged exactly; the worst is the safe figure). When every replica
 * is stale the entry is their last reports, flagged `unreported`. The backlog is the gateway's own measure.
 */
export function connectorsView(
  records: readonly ConnectorStateRecord[],
  backlogs: ReadonlyMap<string, ConnectorBacklog>,
  now: number,
  bounds: ReplicaBounds,
): ConnectorsView {
  const byConnector = new Map<string, ConnectorStateRecord[]>();
  for (const record of records) {
    if (ageOf(record, now) > bounds.forgetAfterMs) continue;
    byConnector.set(record.connector, [...(byConnector.get(record.connector) ?? []), record]);
  }
  const connectors = [...byConnector.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, replicas]) =>
      connectorView(
        name,
        replicas.map((record) => ({ record, stale: ageOf(record, now) > bounds.staleAfterMs })),
        backlogs.get(name),
      ),
    );
  return { generatedAt: new Date(now).toISOString(), connectors };
}

function connectorView(
  name: string,
  reported: { record: ConnectorStateRecord; stale: boolean }[],
  backlog: ConnectorBacklog | undefined,
): ConnectorView {
  const live = reported.filter((replica) => !replica.stale).map((replica) => replica.record);
  const unreported = live.length === 0;
  // With no live replica, the last reports are all there is to show; health says they are not current.
  const replicas = unreported ? reported.map((replica) => replica.record) : live;
  const state = replicas.reduce<BreakerState>(
    (worst, replica) => (SEVERITY[replica.state] > SEVERITY[worst] ? replica.state : worst),
    'closed',
  );
  const since = earliest(
    replicas.filter((replica) => replica.state === state).map((replica) => replica.since),
  );
  const growing = backlog?.growing ?? false;
  const health: ConnectorHealth = unreported
    ? 'unreported'
    : state !== 'closed'
      ? 'degraded'
      : growing
        ? 'backlogged'
        : 'healthy';
  const latencies = replicas.flatMap((replica) => (replica.latencyMs ? [replica.latencyMs] : []));
  const failures = replicas.flatMap((replica) => (replica.lastFailure ? [replica.lastFailure] : []));
  return {
    name,
    state,
    since,
    health,
    paused: replicas.some((replica) => replica.paused),
    replicas: [...reported]
      .sort((a, b) => a.record.worker.localeCompare(b.record.worker))
      .map(({ record, stale }) => ({
        worker: record.worker,
        state: record.state,
        since: record.since,
        reportedAt: record.reportedAt,
        stale,
      })),
    calls: {
      m1: sum(replicas.map((replica) => replica.calls.m1)),
      m5: sum(replicas.map((replica) => replica.calls.m5)),
      m15: sum(replicas.map((replica) => replica.calls.m15)),
    },
    latencyMs:
      latencies.length === 0
        ? null
        : {
            p50: Math.max(...latencies.map((latency) => latency.p50)),
            p95: Math.max(...latencies.map((latency) => latency.p95)),
          },
    lastSuccessAt: latest(replicas.map((replica) => replica.lastSuccessAt)),
    lastFailure: failures.reduce<ConnectorView['lastFailure']>(
      (last, failure) => (last === null || Date.parse(failure.at) > Date.parse(last.at) ? failure : last),
      null,
    ),
    backlog: {
      lag: backlog?.lag ?? 0,
      topics: backlog?.topics ?? [],
      oldestWaitingSeconds: backlog?.oldestWaitingSeconds ?? null,
      oldestWaitingAtLeast: backlog?.oldestWaitingAtLeast ?? false,
    },
    deadLetters: { open: backlog?.deadLettersOpen ?? 0 },
    outboxAgeSeconds: backlog?.outboxAgeSeconds ?? null,
  };
}

function sum(counts: CallCounts[]): CallCounts {
  return counts.reduce(
    (total, count) => ({ success: total.success + count.success, failure: total.failure + count.failure }),
    { success: 0, failure: 0 },
  );
}

function earliest(times: (string | null)[]): string | null {
  const known = times.filter((time): time is string => time !== null);
  return known.length === 0 ? null : known.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function latest(times: (string | null)[]): string | null {
  const known = times.filter((time): time is string => time !== null);
  return known.length === 0 ? null : known.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}
