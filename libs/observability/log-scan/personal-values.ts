/**
 * The personal values a log scan looks for, in the form lines are compared in: personal IDs as their digits,
 * full names as their words (Unicode NFC, lower case, one space apart), so `NGUYỄN  VĂN AN`, an NFD spelling and
 * `nguyễn văn an` are one name.
 */
export interface PersonalValues {
  personalIds: ReadonlySet<string>;
  fullNames: ReadonlySet<string>;
}

/** Shorter than a legacy 9-digit ID, a digit run matches timestamps and counters: not worth a finding. */
const MIN_ID_DIGITS = 9;

const WORD = /[\p{L}\p{M}]+/gu;

/** A text's words as the scan compares them. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(WORD) ?? [];
}

/** The digits of a personal ID, or undefined when the value is too short to be told apart from other numbers. */
export function personalIdKey(value: string): string | undefined {
  const digits = value.replace(/\D/gu, '');
  return digits.length >= MIN_ID_DIGITS ? digits : undefined;
}

/** A full name's words; undefined for a one-word value (`A`, `An`), which would match ordinary text. */
export function fullNameKey(value: string): string | undefined {
  const words = wordsOf(value);
  return words.length >= 2 ? words.join(' ') : undefined;
}

/** Builds the sets from recorded values, dropping those too short to look for. */
export function personalValues(ids: Iterable<string>, names: Iterable<string>): PersonalValues {
  const personalIds = new Set<string>();
  const fullNames = new Set<string>();
  for (const id of ids) {
    const key = personalIdKey(id);
    if (key) personalIds.add(key);
  }
  for (const name of names) {
    const key = fullNameKey(name);
    if (key) fullNames.add(key);
  }
  return { personalIds, fullNames };
}
