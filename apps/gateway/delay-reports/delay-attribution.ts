import type { DeliveryTiming, ParkedCause, ParkedPeriod } from '@lgsp/persistence';

/** The causes an event's time between its acceptance and its acknowledgement is split into. */
export const DELAY_CAUSES = [
  'queueing',
  'outage',
  'maintenance',
  'operatorHold',
  'refusals',
  'rateLimit',
] as const;
export type DelayCause = (typeof DELAY_CAUSES)[number];

export type DelaySplit = Record<DelayCause, number>;

const CAUSE_OF: Record<ParkedCause, DelayCause> = {
  maintenance: 'maintenance',
  'operator-hold': 'operatorHold',
  'breaker-open': 'outage',
};

/** Where parked periods overlap, the announced one explains the time first, then an operator's, then the outage. */
const PRECEDENCE: ParkedCause[] = ['maintenance', 'operator-hold', 'breaker-open'];

export const emptySplit = (): DelaySplit => ({
  queueing: 0,
  outage: 0,
  maintenance: 0,
  operatorHold: 0,
  refusals: 0,
  rateLimit: 0,
});

/**
 * Splits one event's time in the bus (acceptance to the partner's acknowledgement), in milliseconds, by cause.
 * Each instant goes to one cause: a parked period of the partner if one covers it (maintenance, then an
 * operator's hold, then the breaker open), else the partner's refusals and retries once it first refused the
 * event, else the bus's queueing. The measured wait for the partner's rate limit comes out of the time that would
 * otherwise be refusals, then queueing: the last call waited for its token just before it was acknowledged.
 * The parts add up to the whole.
 */
export function attributeDelay(timing: DeliveryTiming, periods: ParkedPeriod[]): DelaySplit {
  const split = emptySplit();
  const start = timing.acceptedAt.getTime();
  const end = timing.acknowledgedAt.getTime();
  if (end <= start) return split;
  const own = periods
    .filter((period) => period.partner === timing.partner)
    .map((period) => ({
      cause: period.cause,
      from: period.startedAt.getTime(),
      to: period.endedAt?.getTime() ?? Number.POSITIVE_INFINITY,
    }))
    .filter((period) => period.from < end && period.to > start);
  const refusedFrom = timing.firstRefusedAt?.getTime();
  const bounds = new Set([start, end]);
  for (const period of own) {
    bounds.add(Math.max(start, period.from));
    bounds.add(Math.min(end, period.to));
  }
  if (refusedFrom !== undefined && refusedFrom > start && refusedFrom < end) bounds.add(refusedFrom);
  const instants = [...bounds].sort((a, b) => a - b);
  for (let i = 1; i < instants.length; i += 1) {
    const from = instants[i - 1];
    const to = instants[i];
    const parked = PRECEDENCE.find((cause) =>
      own.some((period) => period.cause === cause && period.from <= from && period.to >= to),
    );
    if (parked) split[CAUSE_OF[parked]] += to - from;
    else if (refusedFrom !== undefined && from >= refusedFrom) split.refusals += to - from;
    else split.queueing += to - from;
  }
  const fromRefusals = Math.min(timing.rateLimitMs, split.refusals);
  const fromQueueing = Math.min(timing.rateLimitMs - fromRefusals, split.queueing);
  split.refusals -= fromRefusals;
  split.queueing -= fromQueueing;
  split.rateLimit = fromRefusals + fromQueueing;
  return split;
}

/** Adds `part` into `total`, cause by cause. */
export function addSplit(total: DelaySplit, part: DelaySplit): void {
  for (const cause of DELAY_CAUSES) total[cause] += part[cause];
}
