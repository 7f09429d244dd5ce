import type { AlertName, AlertSubject } from '@lgsp/observability';
import type { ConditionReading } from './condition-reading';

/** A growth episode ends after this many evaluations in a row without growth (3 × 10 s by default). */
export const QUIET_EVALUATIONS_TO_RESOLVE = 3;

interface Series {
  last: number;
  /** Evaluations in a row the figure rose. */
  rises: number;
  quiet: number;
  growing: boolean;
  /** The figure before the current run of rises. */
  risingFrom: number;
  /** The figure when the episode started, for the notices. */
  startedFrom: number;
}

/**
 * A backlog (dead letters per connector, consumer lag) that grows between evaluations. One incident is one growth
 * episode: it starts when the figure rose in `risesToFire` evaluations in a row, and ends once it has not risen
 * for QUIET_EVALUATIONS_TO_RESOLVE evaluations, so a steady trickle of failures is one incident and not one per
 * message. Lag asks for several rises: it rises with every burst of traffic and falls again by itself. The first
 * reading of a series is its baseline: what was already there when the worker started is not growth.
 */
export class BacklogGrowthEvaluator {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly alert: AlertName,
    private readonly what: string,
    private readonly risesToFire = 1,
  ) {}

  evaluate(figures: ReadonlyMap<string, number>): ConditionReading[] {
    // A connector that disappeared from the figures has nothing left: it reads as 0.
    const names = new Set([...figures.keys(), ...this.series.keys()]);
    return [...names].map((connector) => this.reading(connector, figures.get(connector) ?? 0));
  }

  private reading(connector: string, figure: number): ConditionReading {
    const previous = this.series.get(connector);
    const series: Series = previous ?? {
      last: figure,
      rises: 0,
      quiet: 0,
      growing: false,
      risingFrom: figure,
      startedFrom: figure,
    };
    if (previous && figure > previous.last) {
      if (series.rises === 0) series.risingFrom = previous.last;
      series.rises += 1;
      series.quiet = 0;
      if (!series.growing && series.rises >= this.risesToFire) {
        series.growing = true;
        series.startedFrom = series.risingFrom;
      }
    } else {
      series.rises = 0;
      if (series.growing) {
        series.quiet += 1;
        if (series.quiet >= QUIET_EVALUATIONS_TO_RESOLVE) series.growing = false;
      }
    }
    series.last = figure;
    this.series.set(connector, series);
    const holds = series.growing;
    const describe = (): AlertSubject => ({
      alert: this.alert,
      connector,
      summary: holds
        ? `${this.what} of ${connector} grew from ${series.startedFrom} to ${figure}`
        : `${this.what} of ${connector} stopped growing at ${figure}`,
      details: { from: series.startedFrom, now: figure },
    });
    return { key: `${this.alert}:${connector}`, holds, describe };
  }
}
