import { readCitizenRequest } from './citizen-request.reader';
import { SoapFaultError, XmlElement } from './population-soap.codec';

function el(name: string, text = '', children: XmlElement[] = []): XmlElement {
  return { name, text, children };
}

const complete = (): XmlElement[] => [
  el('MaYeuCau', 'r-1'),
  el('MaDVC', '1.001193'),
  el('MaTichHop', 'H56'),
  el('MaCanBo', 'canbo01'),
  el('SoDinhDanh', '062301123456'),
  el('HoVaTen', 'NGUYỄN THỊ HỒNG NHUNG'),
  el('NgayThangNamSinh', '', [el('NgayThangNam', '20010304')]),
];

function faultOf(fields: XmlElement[]): string {
  try {
    readCitizenRequest(fields);
  } catch (error) {
    if (error instanceof SoapFaultError) return error.errorCode;
    throw error;
  }
  throw new Error('expected a fault');
}

describe('citizen request reader', () => {
  it('reads a complete request', () => {
    expect(readCitizenRequest(complete())).toMatchObject({
      requestId: 'r-1',
      id: { kind: 'personal', value: '062301123456' },
      birth: { kind: 'date', value: '20010304' },
    });
  });

  it.each([
    ['MaDVC', 'MISSING_SERVICE_CODE'],
    ['MaTichHop', 'MISSING_AGENCY'],
    ['MaCanBo', 'MISSING_OFFICER'],
    ['MaYeuCau', 'MISSING_FIELD'],
    ['SoDinhDanh', 'MISSING_FIELD'],
    ['NgayThangNamSinh', 'MISSING_FIELD'],
  ])('faults without %s', (name, code) => {
    expect(faultOf(complete().filter((field) => field.name !== name))).toBe(code);
  });

  it('faults on fields out of order', () => {
    const fields = complete();
    [fields[1], fields[2]] = [fields[2], fields[1]];
    expect(faultOf(fields)).toBe('FIELD_ORDER');
  });

  it('accepts the legacy 9-digit number and a birth year only', () => {
    const fields = complete();
    fields[4] = el('SoCMND', '123456789');
    fields[6] = el('NgayThangNamSinh', '', [el('Nam', '2001')]);
    expect(readCitizenRequest(fields)).toMatchObject({
      id: { kind: 'legacy' },
      birth: { kind: 'year', value: '2001' },
    });
  });

  it.each([
    ['SoDinhDanh', el('SoDinhDanh', '06230112345')],
    ['SoCMND', el('SoCMND', '12345678')],
    ['NgayThangNamSinh', el('NgayThangNamSinh', '', [el('NgayThangNam', '20010230')])],
  ])('faults on a malformed %s', (_name, replacement) => {
    const fields = complete().map((field) =>
      field.name === replacement.name || (replacement.name === 'SoCMND' && field.name === 'SoDinhDanh')
        ? replacement
        : field,
    );
    expect(faultOf(fields)).toBe('INVALID_FIELD');
  });
});
