import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** The simulator's service namespace; requests are matched on local names, so any prefix or namespace works. */
export const POPULATION_NS = 'urn:lgsp:simulator:csdlqgvdc';

/** A child element in document order: its local name and either its text or its own children. */
export interface XmlElement {
  name: string;
  text: string;
  children: XmlElement[];
}

export interface SoapRequest {
  operation: string;
  fields: XmlElement[];
}

export class SoapFaultError extends Error {
  constructor(
    readonly faultCode: 'Client' | 'Server',
    message: string,
    readonly errorCode: string,
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
});
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
});

function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const elements: XmlElement[] = [];
  for (const node of nodes as Record<string, unknown>[]) {
    for (const [name, value] of Object.entries(node)) {
      if (name === '#text' || name.startsWith('?') || name === ':@') continue;
      const children = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
      const text = children
        .map((child) => child['#text'])
        .filter((part): part is string | number => typeof part === 'string' || typeof part === 'number')
        .join('');
      elements.push({ name, text: String(text), children: toElements(children) });
    }
  }
  return elements;
}

/** Reads a SOAP 1.1 request down to its operation element; anything else is a client fault. */
export function parseSoapRequest(xml: unknown): SoapRequest {
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw new SoapFaultError(
      'Client',
      'request body must be a SOAP envelope (text/xml)',
      'MALFORMED_REQUEST',
    );
  }
  // Entity declarations are how XML bombs and external entity reads start; the service has no use for them.
  if (/<!DOCTYPE/i.test(xml))
    throw new SoapFaultError('Client', 'DOCTYPE is not allowed', 'MALFORMED_REQUEST');
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new SoapFaultError('Client', `malformed XML: ${validation.err.msg}`, 'MALFORMED_REQUEST');
  }
  const root = toElements(parser.parse(xml));
  const envelope = root.find((element) => element.name === 'Envelope');
  const body = envelope?.children.find((element) => element.name === 'Body');
  if (!body) throw new SoapFaultError('Client', 'not a SOAP envelope with a Body', 'MALFORMED_REQUEST');
  if (body.children.length !== 1) {
    throw new SoapFaultError('Client', 'the SOAP Body must hold exactly one operation', 'MALFORMED_REQUEST');
  }
  return { operation: body.children[0].name, fields: body.children[0].children };
}

function envelope(content: Record<string, unknown>): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    builder.build({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENVELOPE_NS, 'soap:Body': content } })
  );
}

export function buildSoapResponse(operation: string, content: Record<string, unknown>): string {
  return envelope({ [`${operation}Response`]: { '@_xmlns': POPULATION_NS, ...content } });
}

export function buildSoapFault(fault: SoapFaultError): string {
  return envelope({
    'soap:Fault': {
      faultcode: `soap:${fault.faultCode}`,
      faultstring: fault.message,
      detail: { MaLoi: fault.errorCode },
    },
  });
}
