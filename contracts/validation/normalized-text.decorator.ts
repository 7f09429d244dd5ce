import { Transform } from 'class-transformer';

/**
 * NFC-normalises, trims and collapses runs of whitespace. Vietnamese names arrive both composed and decomposed
 * (NFD), with stray spaces; normalising once at the edge lets every later comparison and every stored name use
 * the same code points. Values that are not strings are left alone for the validators to refuse.
 */
export function normalizeText(value: unknown): unknown {
  return typeof value === 'string' ? value.normalize('NFC').replace(/\s+/gu, ' ').trim() : value;
}

export function NormalizedText(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => normalizeText(value));
}
