import { Injectable } from '@nestjs/common';
import type { CallOutcome } from './resilience-metrics';

/** Counts of one window: `success` the partner answered, `failure` it did not (error, timeout, breaker open). */
export interface CallCounts {
  success: number;
  failure: number;
}

export interface CallWindowSnapshot {
  m1: CallCounts;
  m5: CallCounts;
  m15: CallCounts;
  /** Over the last five minutes' answered calls; null when there were none. */
  latencyMs: { p50: number; p95: number } | null;
  lastSuccessAt: number | null;
  /** The error as the bus saw it: its code and message. Not safe to show as is (see publicFailureReason). */
  lastFailure: { at: number; code: string; message: string } | null;
}

const BUCKET_MS = 5_000;
const BUCKETS = (15 * 60_000) / BUCKET_MS;
const LATENCY_WINDOW_MS = 5 * 60_000;
/** Enough for stable p95 figures; a busier connector keeps only its most recent calls. */
const MAX_SAMPLES = 2_048;

const SUCCESS: ReadonlySet<CallOutcome> = new Set(['success', 'rejected']);
const FAILURE: ReadonlySet<CallOutcome> = new Set(['failure', 'timeout', 'short_circuited']);

interface Bucket {
  index: number;
  success: number;
  failure: number;
}

interface ConnectorCalls {
  buckets: Bucket[];
  samples: { at: number; ms: number }[];
  lastSuccessAt: number | null;
  lastFailure: CallWindowSnapshot['lastFailure'];
}

/**
 * Rolling 1/5/15-minute call counts and latency percentiles per connector, in memory. The Prometheus counters
 * only ever grow (a rate needs Prometheus), and opossum's own window is the breaker's decision window, not
 * minutes: operators' view needs both answered here. Five-second buckets keep it at 180 numbers per connector.
 */
@Injectable()
export class ConnectorCallWindow {
  private readonly connectors = new Map<string, ConnectorCalls>();

  record(
    connector: string,
    outcome: CallOutcome,
    durationMs: number,
    error?: unknown,
    now = Date.now(),
  ): void {
    const calls = this.of(connector);
    const index = Math.floor(now / BUCKET_MS);
    const slot = index % BUCKETS;
    let bucket = calls.buckets[slot];
    if (bucket === undefined || bucket.index !== index) {
      bucket = { index, success: 0, failure: 0 };
      calls.buckets[slot] = bucket;
    }
    if (SUCCESS.has(outcome)) {
      bucket.success += 1;
      calls.lastSuccessAt = now;
    } else if (FAILURE.has(outcome)) {
      bucket.failure += 1;
      // A short circuit says only that the breaker is open; the failure that opened it is more useful.
      if (outcome !== 'short_circuited') calls.lastFailure = { at: now, ...describe(error, outcome) };
    }
    // Only calls that reached the partner have a latency worth showing.
    if (outcome !== 'short_circuited' && outcome !== 'rate_limited' && outcome !== 'bulkhead_full') {
      calls.samples.push({ at: now, ms: durationMs });
      if (calls.samples.length > MAX_SAMPLES) calls.samples.splice(0, calls.samples.length - MAX_SAMPLES);
    }
  }

  snapshot(connector: string, now = Date.now()): CallWindowSnapshot {
    const calls = this.connectors.get(connector);
    const current = Math.floor(now / BUCKET_MS);
    const count = (minutes: number): CallCounts => {
      const oldest = current - (minutes * 60_000) / BUCKET_MS + 1;
      const counts = { success: 0, failure: 0 };
      for (const bucket of calls?.buckets ?? []) {
        if (bucket === undefined || bucket.index < oldest || bucket.index > current) continue;
        counts.success += bucket.success;
        counts.failure += bucket.failure;
      }
      return counts;
    };
    if (calls) calls.samples = calls.samples.filter((sample) => sample.at > now - LATENCY_WINDOW_MS);
    const sorted = (calls?.samples ?? []).map((sample) => sample.ms).sort((a, b) => a - b);
    return {
      m1: count(1),
      m5: count(5),
      m15: count(15),
      latencyMs: sorted.length === 0 ? null : { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) },
      lastSuccessAt: calls?.lastSuccessAt ?? null,
      lastFailure: calls?.lastFailure ?? null,
    };
  }

  private of(connector: string): ConnectorCalls {
    let calls = this.connectors.get(connector);
    if (!calls) {
      calls = { buckets: [], samples: [], lastSuccessAt: null, lastFailure: null };
      this.connectors.set(connector, calls);
    }
    return calls;
  }
}

/** Nearest rank on sorted values, rounded to whole milliseconds. */
export function percentile(sorted: readonly number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return Math.round(sorted[Math.min(rank, sorted.length) - 1]);
}

function describe(error: unknown, outcome: CallOutcome): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : outcome, message: error.message };
  }
  return { code: outcome, message: outcome };
}
