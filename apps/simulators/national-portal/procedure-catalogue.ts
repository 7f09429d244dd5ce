/**
 * A small seeded catalogue of administrative procedures (TTHC) and agencies. Codes follow the national
 * catalogue's shape; the entries are illustrative, not a copy of the real catalogue.
 */
export interface Procedure {
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  CapThucHien: string;
  ThoiHanGiaiQuyet: string;
  DanhSachLePhi: { TenPhiLePhi: string; MaPhiLePhi: string; Gia: number; LoaiPhiLePhi: string }[];
  ThanhPhanHoSo: { MaThanhPhanHoSo: string; TenThanhPhanHoSo: string; BatBuoc: boolean }[];
}

function procedure(
  code: string,
  name: string,
  field: [string, string],
  level: string,
  days: number,
  fee: number,
  components: string[],
): Procedure {
  return {
    MaTTHC: code,
    TenTTHC: name,
    MaLinhVuc: field[0],
    TenLinhVuc: field[1],
    CapThucHien: level,
    ThoiHanGiaiQuyet: `${days} ngày làm việc`,
    DanhSachLePhi:
      fee > 0
        ? [
            {
              TenPhiLePhi: `Lệ phí ${name.toLowerCase()}`,
              MaPhiLePhi: `LP-${code}`,
              Gia: fee,
              LoaiPhiLePhi: '1',
            },
          ]
        : [],
    ThanhPhanHoSo: components.map((component, index) => ({
      MaThanhPhanHoSo: `${code}-TP${index + 1}`,
      TenThanhPhanHoSo: component,
      BatBuoc: index === 0,
    })),
  };
}

const CIVIL = ['G09-TP03', 'Hộ tịch'] as [string, string];
const LAND = ['G09-TN01', 'Đất đai'] as [string, string];
const BUSINESS = ['G09-KH02', 'Thành lập và hoạt động của hộ kinh doanh'] as [string, string];
const CONSTRUCTION = ['G09-XD05', 'Hoạt động xây dựng'] as [string, string];

export const PROCEDURES: readonly Procedure[] = [
  procedure('1.001193.000.00.00.H56', 'Đăng ký khai sinh', CIVIL, 'Cấp xã', 1, 0, ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh']),
  procedure('1.000894.000.00.00.H56', 'Đăng ký kết hôn', CIVIL, 'Cấp xã', 1, 0, ['Tờ khai đăng ký kết hôn']),
  procedure('2.000908.000.00.00.H56', 'Cấp bản sao trích lục hộ tịch', CIVIL, 'Cấp huyện', 1, 8000, ['Tờ khai cấp bản sao trích lục']),
  procedure('1.004227.000.00.00.H56', 'Đăng ký biến động quyền sử dụng đất', LAND, 'Cấp tỉnh', 10, 50000, ['Đơn đăng ký biến động', 'Giấy chứng nhận đã cấp']),
  procedure('2.000720.000.00.00.H56', 'Đăng ký thành lập hộ kinh doanh', BUSINESS, 'Cấp huyện', 3, 100000, ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao giấy tờ pháp lý cá nhân']),
  procedure('1.009972.000.00.00.H56', 'Cấp giấy phép xây dựng nhà ở riêng lẻ', CONSTRUCTION, 'Cấp huyện', 15, 75000, ['Đơn đề nghị cấp giấy phép xây dựng', 'Bản vẽ thiết kế']),
]; // prettier-ignore

export const AGENCIES: readonly { MaCoQuan: string; TenCoQuan: string }[] = [
  { MaCoQuan: 'H56.01', TenCoQuan: 'Sở Tư pháp' },
  { MaCoQuan: 'H56.02', TenCoQuan: 'Sở Tài nguyên và Môi trường' },
  { MaCoQuan: 'H56.03', TenCoQuan: 'Sở Kế hoạch và Đầu tư' },
  { MaCoQuan: 'H56.04', TenCoQuan: 'Sở Xây dựng' },
  { MaCoQuan: 'H56.20', TenCoQuan: 'Ủy ban nhân dân thành phố' },
];

export function findProcedure(code: string): Procedure | undefined {
  return PROCEDURES.find((entry) => entry.MaTTHC === code);
}
