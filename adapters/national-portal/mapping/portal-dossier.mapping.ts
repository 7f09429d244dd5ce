import {
  ApplicantKind,
  CollectionMethod,
  DossierRegisteredV1,
  DossierStatus,
  DossierStatusChangedV2,
  DossierUpdatedV1,
  FeeKind,
  ResultDocumentV1,
  SubmissionChannel,
} from '@lgsp/contracts';
import { formatPortalDate } from '../portal-date';

/** One dossier as DongBoHoSoMC carries it. The portal's field names live here and nowhere else. */
export type PortalDossier = Record<string, unknown>;
export type PortalProgressStep = Record<string, unknown>;

const portalDate = (iso: string | undefined): string | undefined =>
  iso ? formatPortalDate(new Date(iso)) : undefined;

// LoaiDoiTuong: 1 citizen, 2 business, 3 organisation (the portal's applicant categories).
const APPLICANT_KIND: Record<ApplicantKind, string> = {
  [ApplicantKind.Citizen]: '1',
  [ApplicantKind.Business]: '2',
  [ApplicantKind.Organisation]: '3',
};

// HinhThuc: 0 at the counter, 1 online, 2 by post.
const CHANNEL: Record<SubmissionChannel, string> = {
  [SubmissionChannel.AtCounter]: '0',
  [SubmissionChannel.Online]: '1',
  [SubmissionChannel.Post]: '2',
};

// HinhThucThu: 1 at the counter, 2 online, 3 bank transfer, 4 by post.
const COLLECTION: Record<CollectionMethod, string> = {
  [CollectionMethod.AtCounter]: '1',
  [CollectionMethod.Online]: '2',
  [CollectionMethod.BankTransfer]: '3',
  [CollectionMethod.Post]: '4',
};

// LoaiPhiLePhi: 1 fee (lệ phí), 2 charge (phí).
const FEE_KIND: Record<FeeKind, string> = { [FeeKind.Fee]: '1', [FeeKind.Charge]: '2' };

/**
 * Result documents a portal record keeps. Each status change may hand back documents it already reported; the
 * record keeps each document once (by GiayToId, the newest copy) and the newest of them, so a dossier's record,
 * which travels whole in every DongBoHoSoMC, stays bounded however long its life.
 */
export const MAX_RESULT_DOCUMENTS = 200;

type PortalResultDocument = Record<string, unknown> & { GiayToId?: unknown };

function toResultDocuments(documents: ResultDocumentV1[]): PortalResultDocument[] {
  return documents.map((document) => ({
    TenGiayTo: document.name,
    MaThanhPhanHoSo: document.componentCode,
    GiayToId: document.documentId,
    DuongDanTepTinKetQua: document.url,
  }));
}

/** Earlier documents, then later ones; a later copy of a document replaces the earlier and counts as newest. */
export function mergeResultDocuments(
  earlier: readonly PortalResultDocument[],
  later: readonly PortalResultDocument[],
): PortalResultDocument[] {
  const byId = new Map<unknown, PortalResultDocument>();
  for (const document of [...earlier, ...later]) {
    byId.delete(document.GiayToId);
    byId.set(document.GiayToId, document);
  }
  return [...byId.values()].slice(-MAX_RESULT_DOCUMENTS);
}

function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** The dossier as the portal keeps it, from a registration or an update (the whole snapshot each time). */
export function toPortalDossier(dossier: DossierRegisteredV1 | DossierUpdatedV1): PortalDossier {
  const channel = 'submissionChannel' in dossier ? CHANNEL[dossier.submissionChannel] : undefined;
  const returned = 'returnedAt' in dossier ? dossier.returnedAt : undefined;
  const results = 'resultDocuments' in dossier ? (dossier.resultDocuments ?? []) : [];
  return withoutEmpty({
    MaHoSo: dossier.dossierCode,
    MaTTHC: dossier.procedureCode,
    TenTTHC: dossier.procedureName,
    MaLinhVuc: dossier.fieldCode,
    TenLinhVuc: dossier.fieldName,
    SoBienNhan: dossier.receiptNumber,
    ChuHoSo: dossier.applicant.fullName,
    LoaiDoiTuong: APPLICANT_KIND[dossier.applicant.kind],
    MaDoiTuong: dossier.applicant.personalId,
    Email: dossier.applicant.email,
    SoDienThoai: dossier.applicant.phone,
    TrichYeuHoSo: dossier.summary,
    // A dossier filed online has no reception time until an officer receives it; the portal requires one.
    NgayTiepNhan: portalDate(dossier.receivedAt ?? dossier.occurredAt),
    NgayHenTra: portalDate(dossier.appointmentAt),
    TrangThaiHoSo: dossier.status,
    NgayTra: portalDate(returned),
    HinhThuc: channel,
    DonViXuLy: dossier.agencyCode,
    TaiLieuNop: dossier.documents.map((document) => ({
      TepDinhKemId: document.documentId,
      TenTepDinhKem: document.name,
      IsDeleted: document.deleted,
      MaThanhPhanHoSo: document.componentCode,
      DuongDanTaiTepTin: document.url,
    })),
    DanhSachLePhi: dossier.fees.map((fee) => ({
      TenPhiLePhi: fee.name,
      MaPhiLePhi: fee.code,
      HinhThucThu: COLLECTION[fee.collectionMethod],
      Gia: fee.amount,
      LoaiPhiLePhi: FEE_KIND[fee.kind],
    })),
    DanhSachGiayToKetQua: mergeResultDocuments([], toResultDocuments(results)),
  });
}

/**
 * The dossier the portal holds, moved to the new status. The portal keeps a dossier's status on the dossier
 * itself (DongBoHoSoMC); the step (CapNhatTienDoHoSoMC) records who did what.
 */
export function withStatus(previous: PortalDossier, change: DossierStatusChangedV2): PortalDossier {
  const at = portalDate(change.occurredAt);
  const results = toResultDocuments(change.step.resultDocuments);
  const previousResults = Array.isArray(previous.DanhSachGiayToKetQua)
    ? (previous.DanhSachGiayToKetQua as PortalResultDocument[])
    : [];
  return withoutEmpty({
    ...previous,
    TrangThaiHoSo: change.status,
    NgayKetThucXuLy: change.status === DossierStatus.Processed ? at : previous.NgayKetThucXuLy,
    NgayTra: change.status === DossierStatus.ResultReturned ? at : previous.NgayTra,
    DanhSachGiayToKetQua:
      results.length > 0 ? mergeResultDocuments(previousResults, results) : previous.DanhSachGiayToKetQua,
  });
}

export function toProgressStep(change: DossierStatusChangedV2): PortalProgressStep {
  return withoutEmpty({
    MaHoSo: change.dossierCode,
    NguoiXuLy: change.step.officer,
    ChucDanh: change.step.officerTitle,
    ThoiDiemXuLy: portalDate(change.occurredAt),
    PhongBanXuLy: change.step.department,
    NoiDungXuLy: change.step.content,
    TrangThai: change.status,
    NgayBatDau: portalDate(change.step.startedAt),
    NgayKetThucTheoQuyDinh: portalDate(change.step.dueAt),
  });
}
