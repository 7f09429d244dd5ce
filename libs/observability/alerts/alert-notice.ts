/** The conditions the bus alerts on; each name is also the `alert` field of its log line and webhook body. */
export type AlertName =
  'breaker-open' | 'dead-letters-growing' | 'outbox-age' | 'consumer-lag-growing' | 'payment-amount-mismatch';

export type AlertState = 'firing' | 'resolved';

/** What an incident is about; the tracker adds its state and times. */
export interface AlertSubject {
  alert: AlertName;
  /** The connector (breaker or consumer group) it concerns, when it concerns one. */
  connector?: string;
  /** One sentence for a person. */
  summary: string;
  /** Figures behind it; never personal data (the webhook leaves the province's network). */
  details: Record<string, unknown>;
}

/** The webhook's JSON body: one per incident when it starts, and one when it ends. */
export interface AlertNotice extends AlertSubject {
  state: AlertState;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601, on a resolved notice only. */
  resolvedAt?: string;
}
