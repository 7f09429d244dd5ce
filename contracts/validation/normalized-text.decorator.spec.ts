import { plainToInstance } from 'class-transformer';
import { NormalizedText, normalizeText } from './normalized-text.decorator';

class Person {
  @NormalizedText()
  fullName!: unknown;
}

describe('NormalizedText', () => {
  const composed = 'Nguyễn Thị Ánh';

  it('turns a decomposed (NFD) name into its composed (NFC) form', () => {
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(decomposed.length).toBeGreaterThan(composed.length);
    expect(plainToInstance(Person, { fullName: decomposed }).fullName).toBe(composed);
  });

  it('trims and collapses whitespace, tabs and newlines included', () => {
    expect(normalizeText('  Nguyễn \t Thị\n\nÁnh  ')).toBe(composed);
  });

  it('leaves values that are not strings for the validators to refuse', () => {
    expect(normalizeText(42)).toBe(42);
    expect(normalizeText(null)).toBeNull();
    expect(plainToInstance(Person, {}).fullName).toBeUndefined();
  });
});
