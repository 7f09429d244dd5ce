import { batchProblems, dossierProblems, progressProblems, statusCode } from './portal-dossier.validator';

const valid = {
  MaHoSo: 'H56.01-250115-0001',
  MaTTHC: '1.001612.000.00.00.H56',
  ChuHoSo: 'Nguyễn Thị Hồng Nhung',
  TrangThaiHoSo: 2,
  NgayTiepNhan: '20250115090000',
  TaiLieuNop: [{ TepDinhKemId: 'f1', DuongDanTaiTepTin: 'https://files.example/f1' }],
};

describe('portal dossier validation', () => {
  it('accepts a complete dossier', () => {
    expect(dossierProblems(valid)).toEqual([]);
  });

  it.each([
    ['MaHoSo', { MaHoSo: '' }, 'MaHoSo is required'],
    ['MaTTHC', { MaTTHC: undefined }, 'MaTTHC is required'],
    ['ChuHoSo', { ChuHoSo: '  ' }, 'ChuHoSo is required'],
    ['status 0', { TrangThaiHoSo: 0 }, 'TrangThaiHoSo must be 1..10'],
    ['status 11', { TrangThaiHoSo: '11' }, 'TrangThaiHoSo must be 1..10'],
    ['status 2.5', { TrangThaiHoSo: 2.5 }, 'TrangThaiHoSo must be 1..10'],
    ['ISO date', { NgayTiepNhan: '2025-01-15T09:00:00' }, 'NgayTiepNhan must be yyyyMMddHHmmss'],
    ['bad optional date', { NgayHenTra: '20250132000000' }, 'NgayHenTra must be yyyyMMddHHmmss'],
    ['typo field', { MaHoso: 'x' }, 'unknown field MaHoso'],
    [
      'bytes not url',
      { TaiLieuNop: [{ DuongDanTaiTepTin: 'JVBERi0xLjQK' }] },
      'TaiLieuNop[0].DuongDanTaiTepTin must be an http(s) URL',
    ],
    ['list not array', { DanhSachLePhi: 'x' }, 'DanhSachLePhi must be a list of objects'],
    [
      'payment state 2',
      { DanhSachLePhi: [{ MaPhiLePhi: 'LP01', TrangThaiThanhToan: 2 }] },
      'DanhSachLePhi[0].TrangThaiThanhToan must be 0 or 1',
    ],
    [
      'paid without date',
      { DanhSachLePhi: [{ MaPhiLePhi: 'LP01', TrangThaiThanhToan: 1, MaGiaoDichThanhToan: 'T1' }] },
      'DanhSachLePhi[0].NgayThanhToan must be yyyyMMddHHmmss',
    ],
    [
      'paid without transaction',
      { DanhSachLePhi: [{ MaPhiLePhi: 'LP01', TrangThaiThanhToan: 1, NgayThanhToan: '20250115100000' }] },
      'DanhSachLePhi[0].MaGiaoDichThanhToan is required for a paid fee',
    ],
  ])('refuses %s', (_name, change, problem) => {
    expect(dossierProblems({ ...valid, ...change })).toContain(problem);
  });

  it('accepts a fee marked paid with its date and transaction', () => {
    const fee = {
      MaPhiLePhi: 'LP01',
      Gia: 50_000,
      TrangThaiThanhToan: 1,
      NgayThanhToan: '20250115100000',
      MaGiaoDichThanhToan: '14123456',
    };
    expect(dossierProblems({ ...valid, DanhSachLePhi: [fee, { MaPhiLePhi: 'LP02', Gia: 0 }] })).toEqual([]);
  });

  it('reads status as number or digit string', () => {
    expect(statusCode('10')).toBe(10);
    expect(statusCode(1)).toBe(1);
    expect(statusCode('1a')).toBeUndefined();
  });

  it('checks progress steps', () => {
    const step = {
      MaHoSo: 'X',
      NguoiXuLy: 'Trần Văn An',
      NoiDungXuLy: 'Thụ lý',
      ThoiDiemXuLy: '20250115100000',
    };
    expect(progressProblems(step)).toEqual([]);
    expect(progressProblems({ ...step, ThoiDiemXuLy: '15/01/2025' })).toEqual([
      'ThoiDiemXuLy must be yyyyMMddHHmmss',
    ]);
    expect(progressProblems({ ...step, TrangThai: 12 })).toEqual(['TrangThai must be 1..10']);
  });

  it('names the position of each bad item in a batch', () => {
    expect(batchProblems([valid, { ...valid, MaHoSo: '' }], dossierProblems)).toEqual([
      'data[1]: MaHoSo is required',
    ]);
  });
});
