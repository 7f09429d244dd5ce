import { parsePersonalId } from '@lgsp/adapters/population-database/personal-id';
import { fullNameOf, generatePopulation } from './synthetic-population';

describe('synthetic population', () => {
  const population = generatePopulation(42, 2_000);

  it('is the same for the same seed and different for another', () => {
    expect(generatePopulation(42, 50)).toEqual(population.slice(0, 50));
    expect(generatePopulation(43, 50)[0]).not.toEqual(population[0]);
  });

  it('gives every citizen a unique, well-formed personal ID matching sex and birth year', () => {
    expect(new Set(population.map((citizen) => citizen.SoDinhDanh)).size).toBe(population.length);
    for (const citizen of population) {
      const parts = parsePersonalId(citizen.SoDinhDanh);
      expect(parts).toBeDefined();
      expect(parts?.birthYear).toBe(Number(citizen.NgayThangNamSinh.slice(0, 4)));
      expect(parts?.sex).toBe(citizen.GioiTinh === '1' ? 'male' : 'female');
      expect(parts?.provinceCode).toBe(citizen.NoiDangKyKhaiSinh.MaTinh);
    }
  });

  it('uses real calendar dates and 9-digit legacy numbers', () => {
    for (const citizen of population) {
      const text = citizen.NgayThangNamSinh;
      const date = new Date(Date.UTC(+text.slice(0, 4), +text.slice(4, 6) - 1, +text.slice(6, 8)));
      expect(date.getUTCDate()).toBe(+text.slice(6, 8));
      if (citizen.SoCMND !== undefined) expect(citizen.SoCMND).toMatch(/^\d{9}$/);
    }
    expect(population.some((citizen) => citizen.SoCMND !== undefined)).toBe(true);
  });

  it('writes Vietnamese names with diacritics in NFC', () => {
    const names = population.map(fullNameOf);
    expect(names.every((name) => name === name.normalize('NFC'))).toBe(true);
    expect(names.filter((name) => name.startsWith('Nguyễn ')).length).toBeGreaterThan(population.length / 5);
    expect(names.some((name) => /[ịồễưởđ]/i.test(name))).toBe(true);
  });
});
