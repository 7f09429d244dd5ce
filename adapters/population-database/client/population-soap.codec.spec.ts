import { XMLParser } from 'fast-xml-parser';
import {
  CitizenQuery,
  PopulationFault,
  buildCitizenRequest,
  parseCitizenReply,
} from './population-soap.codec';

const query = (overrides: Partial<CitizenQuery> = {}): CitizenQuery => ({
  requestId: 'r-1',
  serviceCode: '1.001193',
  integrationCode: 'H56',
  officerCode: 'canbo01',
  personalId: '062301123456',
  fullName: 'NGUYỄN THỊ HỒNG NHUNG',
  birth: { kind: 'date', value: '20010304' },
  ...overrides,
});

/** The operation's child element names, in document order. */
function fieldOrder(xml: string): string[] {
  const parsed = new XMLParser({ preserveOrder: true, removeNSPrefix: true }).parse(xml) as Record<
    string,
    unknown
  >[];
  const children = (nodes: unknown, name: string): unknown =>
    (nodes as Record<string, unknown>[]).find((node) => name in node)?.[name];
  const operation = children(children(children(parsed, 'Envelope'), 'Body'), 'TraCuuThongTinCongDan');
  return (operation as Record<string, unknown>[]).map((node) => Object.keys(node)[0]);
}

const reply = (body: string) =>
  `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`;

describe('population database SOAP codec', () => {
  it('sends the fields in the partner’s order', () => {
    expect(fieldOrder(buildCitizenRequest('TraCuuThongTinCongDan', query(), 'urn:x'))).toEqual([
      'MaYeuCau',
      'MaDVC',
      'MaTichHop',
      'MaCanBo',
      'SoDinhDanh',
      'HoVaTen',
      'NgayThangNamSinh',
    ]);
  });

  it('sends a legacy number as SoCMND and a year as Nam', () => {
    const xml = buildCitizenRequest(
      'TraCuuThongTinCongDan',
      query({ personalId: '123456789', birth: { kind: 'year', value: '2001' } }),
      'urn:x',
    );
    expect(xml).toContain('<SoCMND>123456789</SoCMND>');
    expect(xml).not.toContain('SoDinhDanh');
    expect(xml).toContain('<NgayThangNamSinh><Nam>2001</Nam></NgayThangNamSinh>');
  });

  it('escapes text, so a value cannot add elements', () => {
    const xml = buildCitizenRequest(
      'XacThucThongTinCongDan',
      query({ officerCode: 'a</MaCanBo><X>&' }),
      'urn:x',
    );
    expect(xml).toContain('<MaCanBo>a&lt;/MaCanBo&gt;&lt;X&gt;&amp;</MaCanBo>');
  });

  it('reads a citizen record', () => {
    const xml = reply(
      `<TraCuuThongTinCongDanResponse xmlns="urn:x"><MaYeuCau>r-1</MaYeuCau><TonTai>true</TonTai><CongDan>` +
        `<SoDinhDanh>062301123456</SoDinhDanh><HoVaTen><Ho>Nguyễn</Ho><ChuDem>Thị Hồng</ChuDem><Ten>Nhung</Ten></HoVaTen>` +
        `<NgayThangNamSinh><NgayThangNam>20010304</NgayThangNam></NgayThangNamSinh><GioiTinh>2</GioiTinh>` +
        `<QuocTich>VN</QuocTich><DanToc>Kinh</DanToc><NoiDangKyKhaiSinh><MaTinh>056</MaTinh><TenTinh>Khánh Hòa</TenTinh></NoiDangKyKhaiSinh>` +
        `</CongDan></TraCuuThongTinCongDanResponse>`,
    );
    expect(parseCitizenReply('TraCuuThongTinCongDan', xml)).toEqual({
      exists: true,
      citizen: {
        personalId: '062301123456',
        name: { Ho: 'Nguyễn', ChuDem: 'Thị Hồng', Ten: 'Nhung' },
        birth: { kind: 'date', value: '20010304' },
        sex: '2',
        nationality: 'VN',
        ethnicity: 'Kinh',
        birthProvince: { code: '056', name: 'Khánh Hòa' },
      },
    });
  });

  it('reads a verification answer', () => {
    const xml = reply(
      '<XacThucThongTinCongDanResponse><MaYeuCau>r</MaYeuCau><TonTai>false</TonTai></XacThucThongTinCongDanResponse>',
    );
    expect(parseCitizenReply('XacThucThongTinCongDan', xml)).toEqual({ exists: false, citizen: undefined });
  });

  it('throws a SOAP fault with its error code and who is to blame', () => {
    const fault = (code: string) =>
      reply(
        `<s:Fault><faultcode>s:${code}</faultcode><faultstring>MaCanBo is required</faultstring><detail><MaLoi>MISSING_OFFICER</MaLoi></detail></s:Fault>`,
      );
    const thrown = (xml: string) => {
      try {
        parseCitizenReply('TraCuuThongTinCongDan', xml);
      } catch (error) {
        return error;
      }
      throw new Error('expected a fault');
    };
    expect(thrown(fault('Client'))).toMatchObject({ errorCode: 'MISSING_OFFICER', isClientFault: true });
    expect(thrown(fault('Server'))).toBeInstanceOf(PopulationFault);
    expect(thrown(fault('Server'))).toMatchObject({ isClientFault: false });
  });

  it.each([
    ['not XML', 'oops <'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
    ['another operation', reply('<OtherResponse><TonTai>true</TonTai></OtherResponse>')],
    [
      'a TonTai that is not a boolean',
      reply('<TraCuuThongTinCongDanResponse><TonTai>maybe</TonTai></TraCuuThongTinCongDanResponse>'),
    ],
  ])('takes %s for a broken partner', (_what, xml) => {
    expect(() => parseCitizenReply('TraCuuThongTinCongDan', xml)).toThrow(
      expect.objectContaining({ code: 'partner_unavailable' }),
    );
  });
});
