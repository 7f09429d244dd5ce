import { readFileSync } from 'node:fs';
import { wordsOf, type PersonalValues } from './personal-values';

/** One clear-text value found in a log line; `shown` is masked, so the report itself leaks nothing. */
export interface LogFinding {
  file: string;
  line: number;
  kind: 'personal ID' | 'full name' | 'JWT' | 'bearer credential';
  shown: string;
}

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/gu;
/** As redaction reads it: a challenge's `Bearer realm="…"` is not a credential, `Bearer [redacted]` is masked. */
const BEARER = /\bBearer\s+(?!\[redacted)([\w.~+/-]{12,}=*)(?![\w.~+/=-])/giu;
const DIGIT_RUN = /\d{9,}/gu;

function maskId(digits: string): string {
  return `${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`;
}

function maskName(name: string): string {
  return name
    .split(' ')
    .map((word) => `${word[0]}…`)
    .join(' ');
}

/** A JSON log line's string values, each scanned on its own so words of two fields never join into a name. */
function stringsOf(line: string): string[] {
  if (!line.startsWith('{')) return [line];
  const strings: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  try {
    collect(JSON.parse(line));
    return strings;
  } catch {
    // A line cut short or not JSON: its raw text is scanned all the same.
    return [line];
  }
}

function idsIn(text: string, values: PersonalValues, lengths: number[]): string[] {
  const found: string[] = [];
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    for (const length of lengths) {
      for (let start = 0; start + length <= run.length; start += 1) {
        const candidate = run.slice(start, start + length);
        if (values.personalIds.has(candidate)) found.push(candidate);
      }
    }
  }
  return found;
}

function namesIn(text: string, values: PersonalValues, wordCounts: number[]): string[] {
  const words = wordsOf(text);
  const found: string[] = [];
  for (const count of wordCounts) {
    for (let start = 0; start + count <= words.length; start += 1) {
      const candidate = words.slice(start, start + count).join(' ');
      if (values.fullNames.has(candidate)) found.push(candidate);
    }
  }
  return found;
}

/**
 * Every personal ID and full name of `values`, and every JWT or bearer credential, that `text` (log lines, one
 * per line) holds in clear. Matches are whole: a masked `*********345` or `N… V… A…` is not one.
 */
export function scanLogText(text: string, file: string, values: PersonalValues): LogFinding[] {
  const idLengths = [...new Set([...values.personalIds].map((id) => id.length))];
  const wordCounts = [...new Set([...values.fullNames].map((name) => name.split(' ').length))];
  const findings: LogFinding[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const seen = new Set<string>();
    const report = (kind: LogFinding['kind'], shown: string): void => {
      if (seen.has(`${kind}:${shown}`)) return;
      seen.add(`${kind}:${shown}`);
      findings.push({ file, line: index + 1, kind, shown });
    };
    for (const text of stringsOf(line)) {
      for (const id of idsIn(text, values, idLengths)) report('personal ID', maskId(id));
      for (const name of namesIn(text, values, wordCounts)) report('full name', maskName(name));
      for (const [jwt] of text.matchAll(JWT)) report('JWT', `${jwt.slice(0, 6)}…`);
      for (const [, credential] of text.matchAll(BEARER))
        report('bearer credential', `${credential.slice(0, 3)}…`);
    }
  });
  return findings;
}

export function scanLogFiles(files: string[], values: PersonalValues): LogFinding[] {
  return files.flatMap((file) => scanLogText(readFileSync(file, 'utf8'), file, values));
}

/** The findings as a report a person can act on: file:line, what, masked. */
export function describeFindings(findings: LogFinding[], limit = 50): string {
  const lines = findings.slice(0, limit).map((f) => `  ${f.file}:${f.line} ${f.kind} ${f.shown}`);
  if (findings.length > limit) lines.push(`  … and ${findings.length - limit} more`);
  return lines.join('\n');
}
