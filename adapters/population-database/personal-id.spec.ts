import { buildPersonalId, parsePersonalId, PROVINCE_CODES, sexCenturyDigit } from './personal-id';

describe('personal ID', () => {
  it('knows the 63 province codes, all within 001–096', () => {
    const codes = Object.keys(PROVINCE_CODES);
    expect(codes).toHaveLength(63);
    expect(codes.every((code) => /^\d{3}$/.test(code) && Number(code) >= 1 && Number(code) <= 96)).toBe(true);
  });

  it.each([
    ['male', 1985, 0],
    ['female', 1985, 1],
    ['male', 2003, 2],
    ['female', 2003, 3],
  ] as const)('encodes %s born %i as digit %i', (sex, year, digit) => {
    expect(sexCenturyDigit(sex, year)).toBe(digit);
  });

  it('builds the documented layout and reads it back', () => {
    const id = buildPersonalId({ provinceCode: '062', sex: 'female', birthYear: 2001 }, '123456');
    expect(id).toBe('062301123456');
    expect(parsePersonalId(id)).toEqual({ provinceCode: '062', sex: 'female', birthYear: 2001 });
  });

  it('refuses numbers that cannot be IDs', () => {
    expect(parsePersonalId('003085123456')).toBeUndefined(); // 003 is not a province
    expect(parsePersonalId('00108512345')).toBeUndefined();
    expect(() => buildPersonalId({ provinceCode: '001', sex: 'male', birthYear: 1990 }, '12345')).toThrow();
  });
});
