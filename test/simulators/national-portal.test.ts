import request from 'supertest';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { ManualClock } from '../../apps/simulators/kit/clock';
import { isPortalDate } from '@lgsp/adapters/national-portal/portal-date';
import { parsePersonalId } from '@lgsp/adapters/population-database/personal-id';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';

const DST = 'H56';

interface PortalItem {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  NgayTiepNhan: unknown;
  MaDoiTuong: string;
  QuaTrinhXuLy?: unknown[];
  [field: string]: unknown;
}
interface PortalBody {
  error_code: number;
  message: string;
  nextCursor?: string;
  result: PortalItem[];
}
interface DossierHistory {
  syncs: { seq: number; isUpdating: boolean; dossier: Record<string, unknown> }[];
  progress: { seq: number; at: string; update: { NoiDungXuLy: string } }[];
}
interface Filed {
  dossier: { MaHoSo: string };
}
const dossier = (code: string, changes: Record<string, unknown> = {}) => ({
  MaHoSo: code,
  MaTTHC: '1.001193.000.00.00.H56',
  TenTTHC: 'Đăng ký khai sinh',
  ChuHoSo: 'Nguyễn Thị Hồng Nhung',
  TrangThaiHoSo: 2,
  NgayTiepNhan: '20250115090000',
  TaiLieuNop: [
    { TepDinhKemId: 'f1', TenTepDinhKem: 'to-khai.pdf', DuongDanTaiTepTin: 'https://files.example/f1' },
  ],
  ...changes,
});
const step = (code: string, at: string, content: string) => ({
  MaHoSo: code,
  NguoiXuLy: 'Trần Văn An',
  ChucDanh: 'Chuyên viên',
  ThoiDiemXuLy: at,
  PhongBanXuLy: 'Bộ phận một cửa',
  NoiDungXuLy: content,
  TrangThai: 4,
});

describe('national portal simulator', () => {
  const clock = new ManualClock();
  let sims: RunningSimulators;
  let base: string;
  /** Every call carries the admin token (admin routes need it; protocol routes ignore it). */
  const simulator = () => request.agent(base).set(ADMIN_TOKEN_HEADER, sims.adminToken);

  const login = async (): Promise<string> => {
    const reply = await simulator()
      .post('/dvcqg/login')
      .set('dstcode', DST)
      .send({ username: 'lgsp', password: 'lgsp-secret' });
    expect(reply.body).toMatchObject({ error_code: 0 });
    return reply.body.session as string;
  };
  const call = async (
    session: string,
    service: string,
    body: Record<string, unknown> = {},
  ): Promise<PortalBody> =>
    (
      await simulator()
        .post('/dvcqg/integration')
        .set('dstcode', DST)
        .send({ session, madonvi: 'H56', service, ...body })
        .expect(200)
    ).body as PortalBody;

  beforeAll(async () => {
    sims = await startSimulators({ clock, nationalPortal: { sessionTtlMs: 60_000 } });
    base = sims.urls.nationalPortal;
  });
  afterAll(() => sims.close());
  beforeEach(() => simulator().post('/admin/reset').expect(204));

  it('logs in with the dstcode header and counts logins', async () => {
    await login();
    await login();
    const wrongPassword = await simulator()
      .post('/dvcqg/login')
      .set('dstcode', DST)
      .send({ username: 'lgsp', password: 'x' });
    expect(wrongPassword.body).toMatchObject({ error_code: 1, result: [] });
    const wrongProvince = await simulator()
      .post('/dvcqg/login')
      .set('dstcode', 'H99')
      .send({ username: 'lgsp', password: 'lgsp-secret' });
    expect(wrongProvince.body.error_code).toBe(2);
    const stats = await simulator().get('/admin/portal/stats');
    expect(stats.body).toMatchObject({ logins: 2, failedLogins: 1, activeSessions: 2 });
  });

  it('expires sessions after their time to live, by the injected clock', async () => {
    const session = await login();
    expect((await call(session, 'LayDanhSachTTHC')).error_code).toBe(0);
    clock.advance(60_001);
    expect(await call(session, 'LayDanhSachTTHC')).toMatchObject({ error_code: 3, result: [] });
    expect((await call('never-issued', 'LayDanhSachTTHC')).error_code).toBe(3);
    expect((await call(await login(), 'LayDanhSachTTHC')).error_code).toBe(0);
    await simulator().post('/admin/portal/sessions/expire').expect(204);
    expect((await call(session, 'LayDanhSachTTHC')).error_code).toBe(3);
  });

  it('refuses a call without the dstcode header or madonvi, and unknown services', async () => {
    const session = await login();
    const noHeader = await simulator()
      .post('/dvcqg/integration')
      .send({ session, madonvi: 'H56', service: 'LayDanhSachTTHC' });
    expect(noHeader.body.error_code).toBe(2);
    expect((await call(session, 'LayDanhSachTTHC', { madonvi: '' })).error_code).toBe(5);
    expect((await call(session, 'XoaHoSo')).error_code).toBe(4);
  });

  it('records each synchronisation and progress update per dossier, in order, with timestamps', async () => {
    const session = await login();
    expect(await call(session, 'DongBoHoSoMC', { isUpdating: false, data: [dossier('HS-1')] })).toMatchObject(
      {
        error_code: 0,
        result: [{ MaHoSo: 'HS-1' }],
      },
    );
    clock.advance(1000);
    await call(session, 'CapNhatTienDoHoSoMC', { data: [step('HS-1', '20250115100000', 'Tiếp nhận')] });
    clock.advance(1000);
    await call(session, 'CapNhatTienDoHoSoMC', { data: [step('HS-1', '20250115110000', 'Thụ lý')] });
    await call(session, 'DongBoHoSoMC', { isUpdating: true, data: [dossier('HS-1', { TrangThaiHoSo: 4 })] });

    const history = (await simulator().get('/admin/portal/dossiers/HS-1').expect(200)).body as DossierHistory;
    expect(history.syncs).toHaveLength(2);
    expect(history.syncs[0]).toMatchObject({ isUpdating: false, dossier: dossier('HS-1') });
    expect(history.syncs[1].dossier.TrangThaiHoSo).toBe(4);
    expect(history.progress.map((entry) => entry.update.NoiDungXuLy)).toEqual(['Tiếp nhận', 'Thụ lý']);
    expect(history.progress[0].seq).toBeLessThan(history.progress[1].seq);
    expect(Date.parse(history.progress[1].at) - Date.parse(history.progress[0].at)).toBe(1000);
    const found = await call(session, 'TraCuuHoSo', { mahoso: 'HS-1' });
    expect(found.result[0]).toMatchObject({ MaHoSo: 'HS-1', TrangThaiHoSo: 4 });
    expect(found.result[0].QuaTrinhXuLy).toHaveLength(2);
    expect((await call(session, 'TraCuuHoSo', { mahoso: 'HS-404' })).error_code).toBe(6);
  });

  it('refuses progress for a dossier that was never synchronised', async () => {
    const session = await login();
    const reply = await call(session, 'CapNhatTienDoHoSoMC', {
      data: [step('HS-NEW', '20250115100000', 'Thụ lý')],
    });
    expect(reply.error_code).toBe(7);
    expect(reply.message).toContain('HS-NEW');
    await simulator().get('/admin/portal/dossiers/HS-NEW').expect(404);
  });

  it.each([
    ['a missing MaHoSo', { MaHoSo: '' }, 'MaHoSo is required'],
    ['a missing ChuHoSo', { ChuHoSo: undefined }, 'ChuHoSo is required'],
    ['status 11', { TrangThaiHoSo: 11 }, 'TrangThaiHoSo must be 1..10'],
    ['an ISO date', { NgayTiepNhan: '2025-01-15T09:00:00+07:00' }, 'NgayTiepNhan must be yyyyMMddHHmmss'],
    ['an unknown field', { TrangThai: 2 }, 'unknown field TrangThai'],
  ])('refuses a batch holding a dossier with %s and applies none of it', async (_name, change, problem) => {
    const session = await login();
    const reply = await call(session, 'DongBoHoSoMC', {
      isUpdating: false,
      data: [dossier('HS-OK'), dossier('HS-BAD', change)],
    });
    expect(reply.error_code).toBe(5);
    expect(reply.message).toContain(`data[1]: ${problem}`);
    expect((await simulator().get('/admin/portal/stats')).body.syncs).toBe(0);
  });

  it('requires isUpdating and a non-empty data list', async () => {
    const session = await login();
    expect((await call(session, 'DongBoHoSoMC', { data: [dossier('HS-1')] })).error_code).toBe(5);
    expect((await call(session, 'DongBoHoSoMC', { isUpdating: false, data: [] })).error_code).toBe(5);
  });

  it('serves the procedure and agency catalogues', async () => {
    const session = await login();
    const list = await call(session, 'LayDanhSachTTHC');
    expect(list.result.length).toBeGreaterThanOrEqual(5);
    const one = await call(session, 'LayThuTuc', { maTTHC: list.result[0].MaTTHC });
    expect(one.result[0]).toMatchObject({ MaTTHC: list.result[0].MaTTHC, TenTTHC: list.result[0].TenTTHC });
    expect((await call(session, 'LayThuTuc', { maTTHC: '9.999999' })).error_code).toBe(8);
    expect((await call(session, 'LayDanhMucCoQuan')).result[0]).toHaveProperty('MaCoQuan');
  });

  it('offers filed dossiers as a cursor feed that restarts after the last acknowledgement', async () => {
    const session = await login();
    const filed = (await simulator().post('/admin/portal/filed-dossiers').send({ count: 3 }).expect(201))
      .body as Filed[];
    expect(filed).toHaveLength(3);
    const first = await call(session, 'LayDanhSachHoSoMoi', { limit: 2 });
    expect(first.result.map((item) => item.MaHoSo)).toEqual([
      filed[0].dossier.MaHoSo,
      filed[1].dossier.MaHoSo,
    ]);
    for (const item of first.result) {
      expect(isPortalDate(item.NgayTiepNhan)).toBe(true);
      expect(parsePersonalId(item.MaDoiTuong)).toBeDefined();
    }
    const second = await call(session, 'LayDanhSachHoSoMoi', { cursor: first.nextCursor, limit: 2 });
    expect(second.result.map((item) => item.MaHoSo)).toEqual([filed[2].dossier.MaHoSo]);
    // Not acknowledged yet: a reader that lost its cursor starts over.
    expect((await call(session, 'LayDanhSachHoSoMoi', {})).result).toHaveLength(3);
    expect(await call(session, 'XacNhanHoSoMoi', { cursor: first.nextCursor })).toMatchObject({
      error_code: 0,
    });
    const afterAck = await call(session, 'LayDanhSachHoSoMoi', {});
    expect(afterAck.result.map((item) => item.MaHoSo)).toEqual([filed[2].dossier.MaHoSo]);
    expect((await call(session, 'LayDanhSachHoSoMoi', { cursor: second.nextCursor })).result).toEqual([]);
    expect((await call(session, 'LayDanhSachHoSoMoi', { cursor: '999' })).error_code).toBe(5);
    expect((await call(session, 'XacNhanHoSoMoi', { cursor: '999' })).error_code).toBe(5);
    expect((await simulator().get('/admin/portal/filed-dossiers')).body).toMatchObject({
      acknowledgedCursor: first.nextCursor,
      latestCursor: '3',
    });
  });

  it('files given dossiers and refuses invalid ones', async () => {
    await simulator()
      .post('/admin/portal/filed-dossiers')
      .send({ dossiers: [{ MaHoSo: 'G-1', TrangThaiHoSo: 1 }] })
      .expect(201);
    await simulator()
      .post('/admin/portal/filed-dossiers')
      .send({ dossiers: [{ NgayTiepNhan: 'hôm qua' }] })
      .expect(400);
    const session = await login();
    expect((await call(session, 'LayDanhSachHoSoMoi')).result.map((item) => item.MaHoSo)).toEqual(['G-1']);
  });

  it('answers an injected error in the portal’s own format', async () => {
    const session = await login();
    await simulator().post('/admin/faults').send({ errorRate: 1, errorReply: 'protocol' }).expect(200);
    expect(await call(session, 'LayDanhSachTTHC')).toMatchObject({ error_code: 99, result: [] });
    const received = (await simulator().get('/admin/received').query({ contains: 'LayDanhSachTTHC' })).body;
    expect(received.requests[0]).toMatchObject({ fault: 'error', status: 200, headers: { dstcode: DST } });
  });
});
