import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// Relative, not @lgsp/observability: the jest global teardown loads this without the path aliases.
import { personalValues, type PersonalValues } from '../../../libs/observability/log-scan';

/**
 * One folder per test run holds what the apps logged (one LOG_FILE per test environment) and every personal
 * value the tests sent; the global teardown scans the first for the second. The global setup creates it and
 * hands its path to the workers, and through them to the apps' child processes, in this variable.
 */
export const LOG_DIR_VARIABLE = 'LGSP_TEST_LOG_DIR';

const SENT_FILE = 'sent-personal-data.jsonl';

export function testLogDir(): string | undefined {
  return process.env[LOG_DIR_VARIABLE] || undefined;
}

/** The LOG_FILE of one test environment, named after it, so a finding names the test file that logged it. */
export function logFileFor(name: string): string | undefined {
  const dir = testLogDir();
  return dir ? join(dir, `${name}.log`) : undefined;
}

export interface SentPersonalData {
  personalIds: string[];
  fullNames: string[];
}

/** Appends values the tests sent (one short line each: appends from several workers do not interleave). */
export function recordSent(sent: SentPersonalData, dir = testLogDir()): void {
  if (!dir || sent.personalIds.length + sent.fullNames.length === 0) return;
  appendFileSync(join(dir, SENT_FILE), `${JSON.stringify(sent)}\n`);
}

export function readSent(dir: string): PersonalValues {
  const file = join(dir, SENT_FILE);
  const ids: string[] = [];
  const names: string[] = [];
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const sent = JSON.parse(line) as SentPersonalData;
      ids.push(...sent.personalIds);
      names.push(...sent.fullNames);
    }
  }
  return personalValues(ids, names);
}
