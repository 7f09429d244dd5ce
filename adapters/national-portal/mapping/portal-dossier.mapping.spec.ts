import { DossierRegisteredV1, DossierStatusChangedV2, validated } from '@lgsp/contracts';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import {
  MAX_RESULT_DOCUMENTS,
  mergeResultDocuments,
  toPortalDossier,
  toProgressStep,
  withStatus,
} from './portal-dossier.mapping';

describe('national portal mapping', () => {
  const base = Date.UTC(2025, 0, 31, 1, 30, 0); // 08:30 in Hà Nội
  const dossier = validated(
    DossierRegisteredV1,
    dossierRegistration('H56.22-TEST-000001', 7, base),
    'example',
  );

  it('maps a registration to the portal fields, with dates in Asia/Ho_Chi_Minh time', () => {
    const record = toPortalDossier(dossier);
    expect(record).toMatchObject({
      MaHoSo: 'H56.22-TEST-000001',
      MaTTHC: dossier.procedureCode,
      ChuHoSo: dossier.applicant.fullName,
      LoaiDoiTuong: '1',
      TrangThaiHoSo: 1,
      NgayTiepNhan: '20250131083000',
      HinhThuc: '0',
      DonViXuLy: dossier.agencyCode,
    });
    expect(record.TaiLieuNop).toEqual([
      expect.objectContaining({ DuongDanTaiTepTin: dossier.documents[0].url, IsDeleted: false }),
    ]);
    expect(record.DanhSachLePhi).toEqual([
      expect.objectContaining({ Gia: 50_000, HinhThucThu: '2', LoaiPhiLePhi: '1' }),
    ]);
    expect(Object.values(record)).not.toContain(undefined);
  });

  it('moves the portal record to a new status and records the step', () => {
    const change = validated(
      DossierStatusChangedV2,
      statusChange('H56.22-TEST-000001', 9, 5, base),
      'example',
    );
    const moved = withStatus(toPortalDossier(dossier), change);
    expect(moved.TrangThaiHoSo).toBe(9);
    expect(moved.NgayKetThucXuLy).toBe('20250131083500');
    expect(moved.DanhSachGiayToKetQua).toEqual([
      expect.objectContaining({ GiayToId: 'H56.22-TEST-000001-KQ' }),
    ]);
    expect(toProgressStep(change)).toMatchObject({
      MaHoSo: 'H56.22-TEST-000001',
      NguoiXuLy: 'Trần Thị Bích Ngọc',
      TrangThai: 9,
      ThoiDiemXuLy: '20250131083500',
    });
  });

  it('keeps each result document once, the newest copy, and only the newest ones', () => {
    const documents = (from: number, count: number, name = 'v1') =>
      Array.from({ length: count }, (_, index) => ({ GiayToId: `KQ-${from + index}`, TenGiayTo: name }));
    const merged = mergeResultDocuments(documents(0, 150), documents(100, 100, 'v2'));
    expect(merged).toHaveLength(MAX_RESULT_DOCUMENTS);
    expect(merged.map((document) => document.GiayToId)).toEqual(
      [...documents(0, 100), ...documents(100, 100)].map((document) => document.GiayToId),
    );
    expect(merged.slice(-100).every((document) => document.TenGiayTo === 'v2')).toBe(true);
    expect(mergeResultDocuments(documents(0, 150), documents(0, 300))).toEqual(documents(100, 200));
  });
});
