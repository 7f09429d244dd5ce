import { buildPersonalId, PROVINCE_CODES, Sex } from '@lgsp/adapters/population-database/personal-id';
import { SeededRandom } from './seeded-random';

/**
 * The seed of the population the population-database simulator serves by default. The portal simulator's filed
 * dossiers name citizens of the same population, so a demo can verify an applicant against the population
 * database.
 */
export const DEFAULT_POPULATION_SEED = 20250115;

export interface Citizen {
  SoDinhDanh: string;
  /** Legacy 9-digit identity card number, held by some older citizens. */
  SoCMND?: string;
  HoVaTen: { Ho: string; ChuDem: string; Ten: string };
  /** yyyyMMdd */
  NgayThangNamSinh: string;
  GioiTinh: '1' | '2';
  QuocTich: 'VN';
  DanToc: string;
  NoiDangKyKhaiSinh: { MaTinh: string; TenTinh: string };
}

const SURNAMES: [string, number][] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 4], ['Phan', 4], ['Vũ', 4],
  ['Võ', 3], ['Đặng', 2], ['Bùi', 2], ['Đỗ', 2], ['Hồ', 2], ['Ngô', 2], ['Dương', 1], ['Lý', 1],
]; // prettier-ignore
const MIDDLE: Record<Sex, string[]> = {
  male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thanh', 'Xuân'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Hồng', 'Phương', 'Kim', 'Thùy'],
};
const SECOND_MIDDLE: Record<Sex, string[]> = {
  male: ['Hoàng', 'Anh', 'Tuấn', 'Gia', 'Bảo'],
  female: ['Hồng', 'Thu', 'Ngọc', 'Mai', 'Bích'],
};
const GIVEN: Record<Sex, string[]> = {
  male: ['Anh', 'Bảo', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hùng', 'Huy', 'Khoa', 'Long', 'Lộc', 'Nam', 'Phong', 'Quân', 'Sơn', 'Thắng', 'Trung', 'Tuấn', 'Việt'],
  female: ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'My', 'Ngọc', 'Nhung', 'Phương', 'Quỳnh', 'Thảo', 'Trang', 'Vân', 'Yến'],
}; // prettier-ignore
const ETHNICITIES: [string, number][] = [['Kinh', 85], ['Tày', 2], ['Thái', 2], ['Mường', 2], ['Khmer', 2], ['Hoa', 1], ['Nùng', 1], ['Ba Na', 1], ['Xơ Đăng', 1], ['Gia Rai', 1]]; // prettier-ignore
const PROVINCES = Object.keys(PROVINCE_CODES);

function weighted(random: SeededRandom, entries: [string, number][]): string {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return entries[entries.length - 1][0];
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A deterministic synthetic population: the same seed and size always give the same citizens, so tests and
 * benchmarks can name people without any real personal data.
 */
export function generatePopulation(seed: number, size: number): Citizen[] {
  const random = new SeededRandom(seed);
  const ids = new Set<string>();
  const legacyIds = new Set<string>();
  const citizens: Citizen[] = [];
  while (citizens.length < size) {
    const sex: Sex = random.next() < 0.5 ? 'male' : 'female';
    const year = random.int(1940, 2010);
    const month = random.int(1, 12);
    const day = random.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
    const province = random.pick(PROVINCES);
    const id = buildPersonalId({ provinceCode: province, sex, birthYear: year }, random.digits(6));
    if (ids.has(id)) continue;
    ids.add(id);
    const middle = random.pick(MIDDLE[sex]);
    const chuDem = random.next() < 0.4 ? `${middle} ${random.pick(SECOND_MIDDLE[sex])}` : middle;
    const citizen: Citizen = {
      SoDinhDanh: id,
      HoVaTen: { Ho: weighted(random, SURNAMES), ChuDem: chuDem, Ten: random.pick(GIVEN[sex]) },
      NgayThangNamSinh: `${year}${pad(month)}${pad(day)}`,
      GioiTinh: sex === 'male' ? '1' : '2',
      QuocTich: 'VN',
      DanToc: weighted(random, ETHNICITIES),
      NoiDangKyKhaiSinh: { MaTinh: province, TenTinh: PROVINCE_CODES[province] },
    };
    if (year < 1995 && random.next() < 0.5) {
      const legacy = `${random.int(1, 3)}${random.digits(8)}`;
      if (!legacyIds.has(legacy)) {
        legacyIds.add(legacy);
        citizen.SoCMND = legacy;
      }
    }
    citizens.push(citizen);
  }
  return citizens;
}

export function fullNameOf(citizen: Citizen): string {
  const { Ho, ChuDem, Ten } = citizen.HoVaTen;
  return [Ho, ChuDem, Ten].filter((part) => part !== '').join(' ');
}
