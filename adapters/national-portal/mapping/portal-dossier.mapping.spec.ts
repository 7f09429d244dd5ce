import { DossierRegisteredV1, DossierStatusChangedV2, validated } from '@lgsp/contracts';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { toPortalDossier, toProgressStep, withStatus } from './portal-dossier.mapping';

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
});
