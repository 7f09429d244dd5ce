/**
 * Vietnamese names reach us composed (NFC) or decomposed (NFD), in any case and with stray spaces. Two names
 * are the same name when they are equal after NFC normalisation, case folding and whitespace collapsing.
 */
export function normalizeCitizenName(name: string): string {
  // Lower-casing a composed letter can leave a sequence that is no longer in NFC, hence NFC on both sides.
  return name.normalize('NFC').toLowerCase().normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function citizenNamesMatch(left: string, right: string): boolean {
  return normalizeCitizenName(left) === normalizeCitizenName(right);
}

/** The upper-case full name the population database expects in HoVaTen. */
export function upperCaseCitizenName(name: string): string {
  return normalizeCitizenName(name).toUpperCase().normalize('NFC');
}
