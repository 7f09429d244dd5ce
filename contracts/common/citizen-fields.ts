/**
 * The citizen fields a verification answer may disclose, in the bus's words. A client's record lists those it may
 * see (none by default: the verdict alone); a request asks for no more than that, so nothing else travels back.
 */
export const CITIZEN_FIELDS = [
  'fullName',
  'birthDate',
  'sex',
  'nationality',
  'ethnicity',
  'birthRegistrationProvince',
] as const;

export type CitizenField = (typeof CITIZEN_FIELDS)[number];

export function isCitizenField(value: string): value is CitizenField {
  return (CITIZEN_FIELDS as readonly string[]).includes(value);
}

/** The fields a verdict of `no-match` can name. */
export const COMPARED_FIELDS = ['fullName', 'birthDate'] as const;

export type ComparedField = (typeof COMPARED_FIELDS)[number];
