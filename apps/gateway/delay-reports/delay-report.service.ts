import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '@lgsp/audit';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { DeliveryTimingRepository } from '@lgsp/persistence';
import { BusClock } from '../intake-policy/bus-clock';
import { OperatorActions } from '../operators/operator-actions';
import { Operator } from '../operators/operator-identity';
import { DELAY_CAUSES, DelaySplit, addSplit, attributeDelay, emptySplit } from './delay-attribution';
import { DelayReportQuery, MAX_REPORT_DAYS } from './delay-report.request';

export const DELAY_REPORT_ACTION = 'delay-report';
const DAY_MS = 86_400_000;

/** One partner and agency: its events, the late ones, and their time by cause, in minutes. */
export interface DelayReportRow {
  partner: string;
  agency: string;
  delivered: number;
  /** Acknowledged after the dossier's due date. */
  late: number;
  minutes: DelaySplit;
  /** The same, over the late events only. */
  lateMinutes: DelaySplit;
}

export interface DelayReport {
  from: string;
  to: string;
  partner: string | null;
  generatedAt: string;
  rows: DelayReportRow[];
  /** SHA-256 of the report's canonical JSON without `digest` and `audit`: what the audit record holds. */
  digest: string;
  /** The record of this report in the operator-action chain, `stream:sequence`. */
  audit: string;
}

/**
 * Late events and where their time went, per partner and agency (docs/delay-report.md). Each report made is a
 * record in the operator-action chain with its digest, so a province can later show the portal's operator the
 * very report it made, and anyone can check a copy against the chain.
 */
@Injectable()
export class DelayReports {
  constructor(
    private readonly timings: DeliveryTimingRepository,
    private readonly actions: OperatorActions,
    private readonly clock: BusClock,
  ) {}

  async report(query: DelayReportQuery, operator: Operator): Promise<DelayReport> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    checkPeriod(from, to);
    const events = await this.timings.acknowledgedBetween(from, to, query.partner);
    const earliest = events.reduce((min, event) => Math.min(min, event.acceptedAt.getTime()), from.getTime());
    const periods = await this.timings.parkedBetween(new Date(earliest), to, query.partner);
    const groups = new Map<string, DelayReportRow>();
    for (const event of events) {
      const key = `${event.partner}\u0000${event.agency}`;
      let row = groups.get(key);
      if (!row) {
        row = {
          partner: event.partner,
          agency: event.agency,
          delivered: 0,
          late: 0,
          minutes: emptySplit(),
          lateMinutes: emptySplit(),
        };
        groups.set(key, row);
      }
      const split = attributeDelay(event, periods);
      row.delivered += 1;
      addSplit(row.minutes, split);
      if (event.dueAt && event.acknowledgedAt > event.dueAt) {
        row.late += 1;
        addSplit(row.lateMinutes, split);
      }
    }
    const rows = [...groups.values()]
      .sort((a, b) => a.partner.localeCompare(b.partner) || a.agency.localeCompare(b.agency))
      .map((row) => ({ ...row, minutes: inMinutes(row.minutes), lateMinutes: inMinutes(row.lateMinutes) }));
    const body = {
      from: from.toISOString(),
      to: to.toISOString(),
      partner: query.partner ?? null,
      generatedAt: this.clock.now().toISOString(),
      rows,
    };
    const digest = createHash('sha256').update(canonicalJson(body)).digest('hex');
    const { audit } = await this.actions.audited(
      operator,
      DELAY_REPORT_ACTION,
      query.partner ?? 'all-partners',
      () =>
        Promise.resolve({
          result: undefined,
          details: {
            from: body.from,
            to: body.to,
            generatedAt: body.generatedAt,
            digest,
            delivered: rows.reduce((sum, row) => sum + row.delivered, 0),
            late: rows.reduce((sum, row) => sum + row.late, 0),
          },
        }),
    );
    return { ...body, digest, audit };
  }
}

/** Milliseconds to minutes, to the millisecond's worth of minutes a spreadsheet still shows (3 decimals). */
function inMinutes(split: DelaySplit): DelaySplit {
  const minutes = emptySplit();
  for (const cause of DELAY_CAUSES) minutes[cause] = Math.round(split[cause] / 60) / 1000;
  return minutes;
}

function checkPeriod(from: Date, to: Date): void {
  const problem = (message: string): DomainError =>
    new DomainError(DomainErrorCode.ValidationFailed, `The report's period is not valid: to ${message}`, [
      { field: 'to', message },
    ]);
  if (to <= from) throw problem('must be after from');
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS)
    throw problem(`must be at most ${MAX_REPORT_DAYS} days after from`);
}
