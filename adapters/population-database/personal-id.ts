/**
 * The 12-digit personal identification number: 3 digits of the province of birth, 1 digit of sex and
 * century, 2 digits of year of birth, then 6 random digits. The legacy identity card number has 9 digits.
 */

/** Province codes used in personal IDs (the 63 provinces and cities, 001–096, with gaps). */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội', '002': 'Hà Giang', '004': 'Cao Bằng', '006': 'Bắc Kạn', '008': 'Tuyên Quang',
  '010': 'Lào Cai', '011': 'Điện Biên', '012': 'Lai Châu', '014': 'Sơn La', '015': 'Yên Bái',
  '017': 'Hòa Bình', '019': 'Thái Nguyên', '020': 'Lạng Sơn', '022': 'Quảng Ninh', '024': 'Bắc Giang',
  '025': 'Phú Thọ', '026': 'Vĩnh Phúc', '027': 'Bắc Ninh', '030': 'Hải Dương', '031': 'Hải Phòng',
  '033': 'Hưng Yên', '034': 'Thái Bình', '035': 'Hà Nam', '036': 'Nam Định', '037': 'Ninh Bình',
  '038': 'Thanh Hóa', '040': 'Nghệ An', '042': 'Hà Tĩnh', '044': 'Quảng Bình', '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế', '048': 'Đà Nẵng', '049': 'Quảng Nam', '051': 'Quảng Ngãi', '052': 'Bình Định',
  '054': 'Phú Yên', '056': 'Khánh Hòa', '058': 'Ninh Thuận', '060': 'Bình Thuận', '062': 'Kon Tum',
  '064': 'Gia Lai', '066': 'Đắk Lắk', '067': 'Đắk Nông', '068': 'Lâm Đồng', '070': 'Bình Phước',
  '072': 'Tây Ninh', '074': 'Bình Dương', '075': 'Đồng Nai', '077': 'Bà Rịa - Vũng Tàu', '079': 'Hồ Chí Minh',
  '080': 'Long An', '082': 'Tiền Giang', '083': 'Bến Tre', '084': 'Trà Vinh', '086': 'Vĩnh Long',
  '087': 'Đồng Tháp', '089': 'An Giang', '091': 'Kiên Giang', '092': 'Cần Thơ', '093': 'Hậu Giang',
  '094': 'Sóc Trăng', '095': 'Bạc Liêu', '096': 'Cà Mau',
}; // prettier-ignore

export type Sex = 'male' | 'female';

export interface PersonalIdParts {
  provinceCode: string;
  sex: Sex;
  birthYear: number;
}

/** Sex and century share one digit: 0/1 for the 1900s, 2/3 for the 2000s, and so on every century. */
export function sexCenturyDigit(sex: Sex, birthYear: number): number {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) throw new RangeError('birth year outside 1900–2399');
  return century * 2 + (sex === 'female' ? 1 : 0);
}

export function buildPersonalId(parts: PersonalIdParts, randomSix: string): string {
  if (!(parts.provinceCode in PROVINCE_CODES)) throw new RangeError(`unknown province ${parts.provinceCode}`);
  if (!/^\d{6}$/.test(randomSix)) throw new RangeError('the last part is six digits');
  const year = String(parts.birthYear % 100).padStart(2, '0');
  return `${parts.provinceCode}${sexCenturyDigit(parts.sex, parts.birthYear)}${year}${randomSix}`;
}

/** Reads the parts back, or undefined when the number cannot be a personal ID. */
export function parsePersonalId(id: string): PersonalIdParts | undefined {
  const match = /^(\d{3})(\d)(\d{2})\d{6}$/.exec(id);
  if (!match || !(match[1] in PROVINCE_CODES)) return undefined;
  const digit = Number(match[2]);
  if (digit > 9) return undefined;
  return {
    provinceCode: match[1],
    sex: digit % 2 === 0 ? 'male' : 'female',
    birthYear: 1900 + Math.floor(digit / 2) * 100 + Number(match[3]),
  };
}

export function isPersonalIdShape(value: string): boolean {
  return /^\d{12}$/.test(value);
}

export function isLegacyIdShape(value: string): boolean {
  return /^\d{9}$/.test(value);
}
