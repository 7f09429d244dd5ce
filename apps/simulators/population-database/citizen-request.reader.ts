import { isLegacyIdShape, isPersonalIdShape } from '@lgsp/adapters/population-database/personal-id';
import { SoapFaultError, XmlElement } from './population-soap.codec';

export type BirthDate = { kind: 'date'; value: string } | { kind: 'year'; value: string };

export interface CitizenRequest {
  requestId: string;
  serviceCode: string;
  integrationCode: string;
  officer: string;
  id: { kind: 'personal'; value: string } | { kind: 'legacy'; value: string };
  fullName: string;
  birth: BirthDate;
}

/** Position of each field in the operation's sequence; the two ID kinds share a position. */
const POSITIONS: Record<string, number> = {
  MaYeuCau: 0,
  MaDVC: 1,
  MaTichHop: 2,
  MaCanBo: 3,
  SoDinhDanh: 4,
  SoCMND: 4,
  HoVaTen: 5,
  NgayThangNamSinh: 6,
};

/** Why a look-up must name a purpose and an accountable person: each gets its own error code. */
const ACCOUNTABILITY: [string, string][] = [
  ['MaDVC', 'MISSING_SERVICE_CODE'],
  ['MaTichHop', 'MISSING_AGENCY'],
  ['MaCanBo', 'MISSING_OFFICER'],
];

function client(message: string, code: string): SoapFaultError {
  return new SoapFaultError('Client', message, code);
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{8}$/.test(text)) return false;
  const [year, month, day] = [+text.slice(0, 4), +text.slice(4, 6), +text.slice(6, 8)];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function readBirth(element: XmlElement | undefined): BirthDate {
  if (!element) throw client('NgayThangNamSinh is required', 'MISSING_FIELD');
  const [part, ...rest] = element.children;
  if (!part || rest.length > 0) {
    throw client('NgayThangNamSinh holds exactly one of NgayThangNam or Nam', 'INVALID_FIELD');
  }
  if (part.name === 'NgayThangNam' && isCalendarDate(part.text)) return { kind: 'date', value: part.text };
  if (part.name === 'Nam' && /^\d{4}$/.test(part.text)) return { kind: 'year', value: part.text };
  throw client('NgayThangNamSinh must be NgayThangNam (yyyyMMdd) or Nam (yyyy)', 'INVALID_FIELD');
}

/** Reads and checks a look-up or verification request, faulting the way the service does. */
export function readCitizenRequest(fields: XmlElement[]): CitizenRequest {
  let last = -1;
  for (const field of fields) {
    const position = POSITIONS[field.name];
    if (position === undefined) throw client(`unknown element ${field.name}`, 'INVALID_FIELD');
    if (position <= last) {
      throw client(
        `${field.name} is out of order or repeated (expected ${Object.keys(POSITIONS).join(', ')})`,
        'FIELD_ORDER',
      );
    }
    last = position;
  }
  const byName = new Map(fields.map((field) => [field.name, field]));
  const text = (name: string): string => byName.get(name)?.text.trim() ?? '';
  if (text('MaYeuCau') === '') throw client('MaYeuCau is required', 'MISSING_FIELD');
  for (const [name, code] of ACCOUNTABILITY) {
    if (text(name) === '')
      throw client(`${name} is required: every look-up names its purpose and who is accountable`, code);
  }
  let id: CitizenRequest['id'];
  if (byName.has('SoDinhDanh')) {
    if (!isPersonalIdShape(text('SoDinhDanh'))) throw client('SoDinhDanh must be 12 digits', 'INVALID_FIELD');
    id = { kind: 'personal', value: text('SoDinhDanh') };
  } else if (byName.has('SoCMND')) {
    if (!isLegacyIdShape(text('SoCMND'))) throw client('SoCMND must be 9 digits', 'INVALID_FIELD');
    id = { kind: 'legacy', value: text('SoCMND') };
  } else {
    throw client('SoDinhDanh or SoCMND is required', 'MISSING_FIELD');
  }
  if (text('HoVaTen') === '') throw client('HoVaTen is required', 'MISSING_FIELD');
  return {
    requestId: text('MaYeuCau'),
    serviceCode: text('MaDVC'),
    integrationCode: text('MaTichHop'),
    officer: text('MaCanBo'),
    id,
    // Not trimmed or re-cased here: the comparison itself normalises, so what arrived stays visible.
    fullName: byName.get('HoVaTen')?.text ?? '',
    birth: readBirth(byName.get('NgayThangNamSinh')),
  };
}
