/**
 * Personal data that must never reach a log line: canonical field names and the external systems' own names
 * (the population database's and the national portal's), at the depths where our bodies and envelopes carry
 * them.
 */
const PERSONAL_FIELDS = [
  'personalId',
  'fullName',
  'birthDate',
  'phone',
  'email',
  'address',
  'SoDinhDanh',
  'SoCMND',
  'HoVaTen',
  'NgayThangNamSinh',
  'ChuHoSo',
  'SoDienThoai',
  'Email',
];

const CREDENTIAL_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'password', 'secret', 'session'];

export const REDACTED_PATHS: string[] = [
  ...CREDENTIAL_PATHS,
  ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

/** Masks 9- and 12-digit citizen ID numbers that slipped into free text, such as an error message. */
export function maskPersonalIds(text: string): string {
  return text.replace(
    /\b(\d{9}|\d{12})\b/g,
    (digits) => `${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`,
  );
}
