import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
// Relative, not @lgsp/observability: the jest global teardown loads this without the path aliases.
import { describeFindings, scanLogFiles } from '../../../libs/observability/log-scan';
import { readSent } from './test-log-run';

/**
 * The run's log scan: every line the apps logged (every *.log of the folder) against every personal ID and full
 * name the tests sent, and any JWT or bearer credential. Throws a report (file:line, what, masked) on a finding.
 */
export function scanRunLogs(folder: string): string {
  if (!existsSync(folder))
    throw new Error(`Log scan: the run's log folder ${folder} is gone; nothing was scanned`);
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.log'))
    .map((name) => join(folder, name));
  const sent = readSent(folder);
  const findings = scanLogFiles(files, sent);
  if (findings.length > 0) {
    throw new Error(
      `Log scan: ${findings.length} personal value(s) or token(s) in clear in what the apps logged ` +
        `(${sent.personalIds.size} personal IDs and ${sent.fullNames.size} full names were sent; logs kept in ${folder}):\n` +
        describeFindings(findings),
    );
  }
  return `${files.length} log files clean of ${sent.personalIds.size} personal IDs, ${sent.fullNames.size} full names and tokens`;
}
