import { DELAY_CAUSES, DelayCause } from './delay-attribution';
import type { DelayReport } from './delay-report.service';

const COLUMN: Record<DelayCause, string> = {
  queueing: 'queueing_min',
  outage: 'outage_min',
  maintenance: 'maintenance_min',
  operatorHold: 'operator_hold_min',
  refusals: 'refusals_min',
  rateLimit: 'rate_limit_min',
};

/** A cell as RFC 4180 writes it; a leading =, +, - or @ is quoted away so a spreadsheet never runs it. */
function cell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The report as CSV, a row per partner and agency (minutes over all events, then over the late ones), with the
 * period, digest and audit record on the lines starting with `#` so a copy carries what identifies it.
 */
export function delayReportCsv(report: DelayReport): string {
  const header = [
    'partner',
    'agency',
    'delivered',
    'late',
    ...DELAY_CAUSES.map((cause) => COLUMN[cause]),
    ...DELAY_CAUSES.map((cause) => `late_${COLUMN[cause]}`),
  ];
  const lines = [
    `# delay report from ${report.from} to ${report.to}, partner ${report.partner ?? 'all'}`,
    `# generated ${report.generatedAt}, digest ${report.digest}, audit ${report.audit}`,
    header.join(','),
    ...report.rows.map((row) =>
      [
        row.partner,
        row.agency,
        row.delivered,
        row.late,
        ...DELAY_CAUSES.map((cause) => row.minutes[cause]),
        ...DELAY_CAUSES.map((cause) => row.lateMinutes[cause]),
      ]
        .map(cell)
        .join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
