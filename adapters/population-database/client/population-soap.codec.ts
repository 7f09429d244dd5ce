import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export type PopulationOperation = 'TraCuuThongTinCongDan' | 'XacThucThongTinCongDan';

/** A birth date as the population database writes it: `yyyyMMdd`, or only the year. */
export type PartnerBirth = { kind: 'date'; value: string } | { kind: 'year'; value: string };

/** One look-up or verification, in the partner's terms. */
export interface CitizenQuery {
  /** `MaYeuCau`. */
  requestId: string;
  /** `MaDVC`: the public service the look-up serves. */
  serviceCode: string;
  /** `MaTichHop`: the province's integration code at NGSP. */
  integrationCode: string;
  /** `MaCanBo`: the accountable officer. */
  officerCode: string;
  /** 12 digits go in `SoDinhDanh`, the 9-digit legacy number in `SoCMND`. */
  personalId: string;
  /** Upper case (`HoVaTen`). */
  fullName: string;
  birth: PartnerBirth;
}

/** A citizen record as `TraCuuThongTinCongDan` answers it, in the partner's terms. */
export interface PartnerCitizen {
  personalId: string;
  name: { Ho: string; ChuDem: string; Ten: string };
  birth?: PartnerBirth;
  /** `GioiTinh`: 1 male, 2 female. */
  sex?: string;
  nationality?: string;
  ethnicity?: string;
  birthProvince?: { code?: string; name?: string };
}

export interface PopulationReply {
  /** `TonTai`: whether a citizen with these ID, name and birth date exists. */
  exists: boolean;
  citizen?: PartnerCitizen;
}

/** The partner's SOAP fault, by its error code (`detail/MaLoi`) and fault code (who is to blame). */
export class PopulationFault extends Error {
  constructor(
    readonly faultCode: string,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'PopulationFault';
  }

  /** A Client fault is our request's fault: the partner is up. */
  get isClientFault(): boolean {
    return /(^|:)Client$/.test(this.faultCode);
  }
}

// processEntities escapes &, <, >, quotes in text: a name cannot break out of its element.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true });
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  // No entity expansion: the population database has no use for it, and it is how XML bombs start.
  processEntities: false,
});

/** The SOAP 1.1 request, its fields in the order the partner's schema defines them. */
export function buildCitizenRequest(
  operation: PopulationOperation,
  query: CitizenQuery,
  namespace: string,
): string {
  const id = query.personalId.length === 9 ? { SoCMND: query.personalId } : { SoDinhDanh: query.personalId };
  const birth =
    query.birth.kind === 'date' ? { NgayThangNam: query.birth.value } : { Nam: query.birth.value };
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    builder.build({
      'soap:Envelope': {
        '@_xmlns:soap': SOAP_ENVELOPE_NS,
        'soap:Body': {
          [operation]: {
            '@_xmlns': namespace,
            MaYeuCau: query.requestId,
            MaDVC: query.serviceCode,
            MaTichHop: query.integrationCode,
            MaCanBo: query.officerCode,
            ...id,
            HoVaTen: query.fullName,
            NgayThangNamSinh: birth,
          },
        },
      },
    })
  );
}

type Node = Record<string, unknown>;

const asNode = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

function malformed(why: string): DomainError {
  return new DomainError(DomainErrorCode.PartnerUnavailable, `The population database answered ${why}`);
}

function readBirth(node: Node | undefined): PartnerBirth | undefined {
  const date = textOf(node?.NgayThangNam);
  if (date !== undefined && /^\d{8}$/.test(date)) return { kind: 'date', value: date };
  const year = textOf(node?.Nam);
  if (year !== undefined && /^\d{4}$/.test(year)) return { kind: 'year', value: year };
  return undefined;
}

function readCitizen(node: Node): PartnerCitizen {
  const name = asNode(node.HoVaTen);
  const personalId = textOf(node.SoDinhDanh);
  if (!personalId || !name) throw malformed('a citizen record without SoDinhDanh or HoVaTen');
  const province = asNode(node.NoiDangKyKhaiSinh);
  return {
    personalId,
    name: { Ho: textOf(name.Ho) ?? '', ChuDem: textOf(name.ChuDem) ?? '', Ten: textOf(name.Ten) ?? '' },
    birth: readBirth(asNode(node.NgayThangNamSinh)),
    sex: textOf(node.GioiTinh),
    nationality: textOf(node.QuocTich),
    ethnicity: textOf(node.DanToc),
    birthProvince: province && { code: textOf(province.MaTinh), name: textOf(province.TenTinh) },
  };
}

/**
 * Reads the operation's answer, or throws its SOAP fault as a PopulationFault. Anything that is not a SOAP
 * envelope with one of the two is a broken partner (PartnerUnavailable), never a verdict.
 */
export function parseCitizenReply(operation: PopulationOperation, xml: string): PopulationReply {
  if (/<!DOCTYPE/i.test(xml)) throw malformed('with a DOCTYPE');
  if (XMLValidator.validate(xml) !== true) throw malformed('with malformed XML');
  const body = asNode(asNode(asNode(parser.parse(xml) as unknown)?.Envelope)?.Body);
  if (!body) throw malformed('without a SOAP Body');
  const fault = asNode(body.Fault);
  if (fault) {
    throw new PopulationFault(
      textOf(fault.faultcode) ?? 'Server',
      textOf(asNode(fault.detail)?.MaLoi) ?? 'UNKNOWN',
      textOf(fault.faultstring) ?? 'SOAP fault',
    );
  }
  const response = asNode(body[`${operation}Response`]);
  const exists = textOf(response?.TonTai);
  if (!response || (exists !== 'true' && exists !== 'false')) {
    throw malformed(`without ${operation}Response/TonTai`);
  }
  const record = asNode(response.CongDan);
  return {
    exists: exists === 'true',
    citizen: exists === 'true' && record ? readCitizen(record) : undefined,
  };
}
