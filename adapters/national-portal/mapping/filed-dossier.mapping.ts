import { ApplicantKind, CollectionMethod, DossierFiledOnPortalV1, FeeKind, validated } from '@lgsp/contracts';
import { parsePortalDate } from '../portal-date';

type PortalRecord = Record<string, unknown>;

const APPLICANT_KIND: Record<string, ApplicantKind> = {
  '1': ApplicantKind.Citizen,
  '2': ApplicantKind.Business,
  '3': ApplicantKind.Organisation,
};

const COLLECTION: Record<string, CollectionMethod> = {
  '1': CollectionMethod.AtCounter,
  '2': CollectionMethod.Online,
  '3': CollectionMethod.BankTransfer,
  '4': CollectionMethod.Post,
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;

const records = (value: unknown): PortalRecord[] =>
  Array.isArray(value)
    ? value.filter((item): item is PortalRecord => typeof item === 'object' && item !== null)
    : [];

function isoFromPortal(value: unknown): string | undefined {
  const date = typeof value === 'string' ? parsePortalDate(value) : undefined;
  return date?.toISOString();
}

/**
 * A dossier a citizen filed on the national portal, in the bus's words. Validated against the contract here,
 * so a portal record we cannot understand fails at the edge with the field named, not deep in a consumer.
 */
export function toFiledDossier(
  record: PortalRecord,
  defaultAgency: string,
  readAt: Date,
): DossierFiledOnPortalV1 {
  const filedAt = isoFromPortal(record.NgayTiepNhan) ?? readAt.toISOString();
  const candidate = {
    dossierCode: text(record.MaHoSo),
    procedureCode: text(record.MaTTHC),
    procedureName: text(record.TenTTHC),
    fieldCode: text(record.MaLinhVuc),
    agencyCode: text(record.DonViXuLy) ?? defaultAgency,
    applicant: {
      personalId: text(record.MaDoiTuong),
      fullName: text(record.ChuHoSo),
      kind: APPLICANT_KIND[text(record.LoaiDoiTuong) ?? '1'] ?? ApplicantKind.Citizen,
      phone: text(record.SoDienThoai),
      email: text(record.Email),
    },
    summary: text(record.TrichYeuHoSo),
    documents: records(record.TaiLieuNop).map((file) => ({
      documentId: text(file.TepDinhKemId),
      name: text(file.TenTepDinhKem),
      componentCode: text(file.MaThanhPhanHoSo),
      url: text(file.DuongDanTaiTepTin),
      deleted: file.IsDeleted === true,
    })),
    fees: records(record.DanhSachLePhi).map((fee) => ({
      code: text(fee.MaPhiLePhi),
      name: text(fee.TenPhiLePhi),
      amount: typeof fee.Gia === 'number' ? fee.Gia : Number(fee.Gia),
      collectionMethod: COLLECTION[text(fee.HinhThucThu) ?? '2'] ?? CollectionMethod.Online,
      kind: text(fee.LoaiPhiLePhi) === '2' ? FeeKind.Charge : FeeKind.Fee,
    })),
    filedAt,
    occurredAt: filedAt,
  };
  return validated(
    DossierFiledOnPortalV1,
    candidate,
    `national portal dossier ${text(record.MaHoSo) ?? '(no MaHoSo)'}`,
  );
}
