import { citizenNamesMatch, normalizeCitizenName, upperCaseCitizenName } from './citizen-name';

describe('citizen name comparison', () => {
  const composed = 'Nguyễn Thị Hồng Nhung';
  const decomposed = composed.normalize('NFD');

  it('treats NFC and NFD spellings as the same name', () => {
    expect(decomposed).not.toBe(composed);
    expect(citizenNamesMatch(composed, decomposed)).toBe(true);
  });

  it('ignores case and collapses whitespace, including non-breaking spaces', () => {
    expect(citizenNamesMatch('  NGUYỄN   THỊ\tHỒNG\u00a0NHUNG ', composed)).toBe(true);
    expect(normalizeCitizenName(' ĐẶNG  Văn  ĐỨC ')).toBe('đặng văn đức');
  });

  it('keeps diacritics significant', () => {
    expect(citizenNamesMatch('Nguyen Thi Hong Nhung', composed)).toBe(false);
    expect(citizenNamesMatch('Nguyễn Thị Hồng Nhưng', composed)).toBe(false);
  });

  it('produces the upper-case NFC form requests carry', () => {
    expect(upperCaseCitizenName(decomposed)).toBe('NGUYỄN THỊ HỒNG NHUNG'.normalize('NFC'));
  });
});
