import { isPortalDate } from '@lgsp/adapters/national-portal/portal-date';

/** The dossier fields the portal knows (docs/partners/national-portal.md); anything else is a mapping mistake and is refused. */
export const DOSSIER_FIELDS = [
  'MaHoSo', 'MaTTHC', 'TenTTHC', 'MaLinhVuc', 'TenLinhVuc', 'SoBienNhan', 'ChuHoSo', 'LoaiDoiTuong',
  'MaDoiTuong', 'ThongTinKhac', 'Email', 'Fax', 'SoDienThoai', 'TrichYeuHoSo', 'NgayTiepNhan', 'NgayHenTra',
  'TrangThaiHoSo', 'NgayTra', 'ThongTinTra', 'HinhThuc', 'NgayKetThucXuLy', 'DonViXuLy', 'GhiChu',
  'TaiLieuNop', 'DanhSachLePhi', 'DanhSachHoSoBoSung', 'DanhSachGiayToKetQua',
] as const; // prettier-ignore

export const PROGRESS_FIELDS = [
  'MaHoSo', 'NguoiXuLy', 'ChucDanh', 'ThoiDiemXuLy', 'PhongBanXuLy', 'NoiDungXuLy', 'TrangThai', 'NgayBatDau',
  'NgayKetThucTheoQuyDinh',
] as const; // prettier-ignore

const KNOWN_DOSSIER_FIELDS = new Set<string>(DOSSIER_FIELDS);
const KNOWN_PROGRESS_FIELDS = new Set<string>(PROGRESS_FIELDS);
const OPTIONAL_DOSSIER_DATES = ['NgayHenTra', 'NgayTra', 'NgayKetThucXuLy'] as const;
const OPTIONAL_PROGRESS_DATES = ['NgayBatDau', 'NgayKetThucTheoQuyDinh'] as const;
const LIST_FIELDS = ['TaiLieuNop', 'DanhSachLePhi', 'DanhSachHoSoBoSung', 'DanhSachGiayToKetQua'] as const;

export type PortalRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is PortalRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFilled(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Status codes travel as numbers or digit strings; both name the same status 1..10. */
export function statusCode(value: unknown): number | undefined {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(parsed) && parsed >= 1 && parsed <= 10 ? parsed : undefined;
}

function unknownFields(record: PortalRecord, known: Set<string>): string[] {
  return Object.keys(record)
    .filter((key) => !known.has(key))
    .map((key) => `unknown field ${key}`);
}

/** Problems with one DongBoHoSoMC dossier; empty when the portal would accept it. */
export function dossierProblems(dossier: unknown): string[] {
  if (!isRecord(dossier)) return ['dossier must be an object'];
  const problems = unknownFields(dossier, KNOWN_DOSSIER_FIELDS);
  for (const field of ['MaHoSo', 'MaTTHC', 'ChuHoSo'] as const) {
    if (!isFilled(dossier[field])) problems.push(`${field} is required`);
  }
  if (statusCode(dossier.TrangThaiHoSo) === undefined) problems.push('TrangThaiHoSo must be 1..10');
  if (!isPortalDate(dossier.NgayTiepNhan)) problems.push('NgayTiepNhan must be yyyyMMddHHmmss');
  for (const field of OPTIONAL_DOSSIER_DATES) {
    if (isPresent(dossier[field]) && !isPortalDate(dossier[field])) {
      problems.push(`${field} must be yyyyMMddHHmmss`);
    }
  }
  for (const field of LIST_FIELDS) {
    const list = dossier[field];
    if (list !== undefined && list !== null && !(Array.isArray(list) && list.every(isRecord))) {
      problems.push(`${field} must be a list of objects`);
    }
  }
  if (Array.isArray(dossier.DanhSachLePhi)) problems.push(...feePaymentProblems(dossier.DanhSachLePhi));
  const files = dossier.TaiLieuNop;
  if (Array.isArray(files)) {
    files.forEach((file: unknown, index) => {
      // Files travel as download links; a body carrying the bytes themselves is refused.
      if (isRecord(file) && isPresent(file.DuongDanTaiTepTin) && !isDownloadUrl(file.DuongDanTaiTepTin)) {
        problems.push(`TaiLieuNop[${index}].DuongDanTaiTepTin must be an http(s) URL`);
      }
    });
  }
  return problems;
}

/**
 * A fee's payment state: TrangThaiThanhToan (1 paid), NgayThanhToan, MaGiaoDichThanhToan. These are the bus's own
 * names, to align with the real portal (docs/payments.md); the simulator checks them as the bus sends them.
 */
function feePaymentProblems(fees: unknown[]): string[] {
  const problems: string[] = [];
  fees.forEach((fee: unknown, index) => {
    if (!isRecord(fee)) return;
    const at = `DanhSachLePhi[${index}]`;
    if (isPresent(fee.TrangThaiThanhToan) && fee.TrangThaiThanhToan !== 0 && fee.TrangThaiThanhToan !== 1) {
      problems.push(`${at}.TrangThaiThanhToan must be 0 or 1`);
    }
    const paid = fee.TrangThaiThanhToan === 1;
    if ((paid || isPresent(fee.NgayThanhToan)) && !isPortalDate(fee.NgayThanhToan)) {
      problems.push(`${at}.NgayThanhToan must be yyyyMMddHHmmss`);
    }
    if ((paid || isPresent(fee.MaGiaoDichThanhToan)) && !isFilled(fee.MaGiaoDichThanhToan)) {
      problems.push(`${at}.MaGiaoDichThanhToan is required for a paid fee`);
    }
  });
  return problems;
}

/** Problems with one CapNhatTienDoHoSoMC step. */
export function progressProblems(update: unknown): string[] {
  if (!isRecord(update)) return ['progress update must be an object'];
  const problems = unknownFields(update, KNOWN_PROGRESS_FIELDS);
  for (const field of ['MaHoSo', 'NguoiXuLy', 'NoiDungXuLy'] as const) {
    if (!isFilled(update[field])) problems.push(`${field} is required`);
  }
  if (!isPortalDate(update.ThoiDiemXuLy)) problems.push('ThoiDiemXuLy must be yyyyMMddHHmmss');
  for (const field of OPTIONAL_PROGRESS_DATES) {
    if (isPresent(update[field]) && !isPortalDate(update[field])) {
      problems.push(`${field} must be yyyyMMddHHmmss`);
    }
  }
  if (isPresent(update.TrangThai) && statusCode(update.TrangThai) === undefined) {
    problems.push('TrangThai must be 1..10');
  }
  return problems;
}

function isDownloadUrl(value: unknown): boolean {
  return typeof value === 'string' && /^https?:\/\/\S+$/.test(value);
}

/** Joins each item's problems under its position in the batch, for the portal's `message`. */
export function batchProblems(items: unknown[], check: (item: unknown) => string[]): string[] {
  return items.flatMap((item, index) => check(item).map((problem) => `data[${index}]: ${problem}`));
}
