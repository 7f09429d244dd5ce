import type { BreakerState, CallCounts } from '@lgsp/resilience';

/**
 * One worker's view of one connector, as published on `ops.connector-state` (compacted: the broker keeps the
 * latest per key). Operational telemetry, not a business message: it carries no envelope and is not in the
 * contract registry; `schemaVersion` lets a reader skip a shape it does not know during a rolling upgrade.
 */
export interface ConnectorStateRecord {
  schemaVersion: 1;
  worker: string;
  connector: string;
  /** ISO time the worker built the record; a reader drops records older than a few publish intervals. */
  reportedAt: string;
  state: BreakerState;
  /** When this worker saw the state begin (its start, for a breaker closed since then). */
  since: string | null;
  paused: boolean;
  /** The connector's consumer group, when the connector consumes from Kafka: where its lag is read. */
  consumerGroup: string | null;
  /** The logical topics that consumer group reads, without the deployment prefix. */
  topics: string[];
  calls: { m1: CallCounts; m5: CallCounts; m15: CallCounts };
  latencyMs: { p50: number; p95: number } | null;
  lastSuccessAt: string | null;
  /** Reason cut by publicFailureReason: the bus's own words, never a partner's free text or a personal ID. */
  lastFailure: { at: string; reason: string } | null;
}

export const CONNECTOR_STATE_SCHEMA_VERSION = 1;

/** The record's key: one per worker and connector, so compaction keeps each pair's latest. */
export function connectorStateKey(worker: string, connector: string): string {
  return `${worker}/${connector}`;
}

/** Parses a record's bytes; undefined for a tombstone or a shape this reader does not know. */
export function parseConnectorState(value: Buffer | null): ConnectorStateRecord | undefined {
  if (value === null || value.length === 0) return undefined;
  const parsed: unknown = JSON.parse(value.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Partial<ConnectorStateRecord>;
  if (record.schemaVersion !== CONNECTOR_STATE_SCHEMA_VERSION) return undefined;
  if (typeof record.worker !== 'string' || typeof record.connector !== 'string') return undefined;
  if (typeof record.reportedAt !== 'string') return undefined;
  return record as ConnectorStateRecord;
}
