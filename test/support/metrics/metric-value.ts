/**
 * One sample's value from Prometheus's text format, by its metric name (a histogram's `_sum` or `_count`, a counter,
 * a gauge), with or without labels; NaN when the metric is not there.
 */
export function metricValue(text: string, name: string): number {
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}
