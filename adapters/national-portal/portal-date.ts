/**
 * The national portal's date format, yyyyMMddHHmmss in Asia/Ho_Chi_Minh time. Vietnam has kept UTC+7 without
 * daylight saving since 1975, so a fixed offset is exact and avoids depending on the host's time zone data.
 */
const OFFSET_MS = 7 * 60 * 60 * 1000;
const PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function formatPortalDate(date: Date): string {
  const local = new Date(date.getTime() + OFFSET_MS);
  return (
    pad(local.getUTCFullYear(), 4) +
    pad(local.getUTCMonth() + 1) +
    pad(local.getUTCDate()) +
    pad(local.getUTCHours()) +
    pad(local.getUTCMinutes()) +
    pad(local.getUTCSeconds())
  );
}

/** The instant a portal date names, or undefined when it is not a real calendar date and time. */
export function parsePortalDate(text: string): Date | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  // Date.UTC rolls 31 February over into March; a real portal date never does.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  return new Date(utc - OFFSET_MS);
}

export function isPortalDate(value: unknown): value is string {
  return typeof value === 'string' && parsePortalDate(value) !== undefined;
}
