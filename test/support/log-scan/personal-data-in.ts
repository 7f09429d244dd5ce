import type { SentPersonalData } from './test-log-run';

/** Field names that carry a personal ID, in the bus's contracts and the partners' own vocabularies. */
const ID_FIELDS = new Set(['personalId', 'SoDinhDanh', 'SoCMND', 'MaDoiTuong']);
/** Field names that carry a full name; the population database also splits one into Ho, ChuDem and Ten. */
const NAME_FIELDS = new Set(['fullName', 'HoVaTen', 'ChuHoSo']);
const ANY_FIELD = /personalId|SoDinhDanh|SoCMND|MaDoiTuong|fullName|HoVaTen|ChuHoSo/u;

const XML_ID = /<(?:\w+:)?(?:SoDinhDanh|SoCMND|MaDoiTuong)>([^<]+)</gu;
const XML_NAME = /<(?:\w+:)?(?:HoVaTen|ChuHoSo)>([^<]+)</gu;
const XML_SPLIT_NAME =
  /<(?:\w+:)?Ho>([^<]*)<\/(?:\w+:)?Ho>\s*<(?:\w+:)?ChuDem>([^<]*)<\/(?:\w+:)?ChuDem>\s*<(?:\w+:)?Ten>([^<]*)</gu;

function walk(value: unknown, found: SentPersonalData): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, found);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, entry] of Object.entries(value)) {
    if (ID_FIELDS.has(key) && typeof entry === 'string') found.personalIds.push(entry);
    else if (NAME_FIELDS.has(key) && typeof entry === 'string') found.fullNames.push(entry);
    else if (key === 'HoVaTen' && typeof entry === 'object' && entry !== null) {
      const { Ho, ChuDem, Ten } = entry as Record<string, unknown>;
      found.fullNames.push([Ho, ChuDem, Ten].filter((part) => typeof part === 'string').join(' '));
    } else walk(entry, found);
  }
}

/**
 * The personal IDs and full names in a body a test sends: JSON (REST, Kafka messages, CloudEvents) walked by
 * field name at any depth, or XML (the population database's SOAP) read by element name. Anything else holds
 * none the bus would read.
 */
export function personalDataIn(body: string): SentPersonalData {
  const found: SentPersonalData = { personalIds: [], fullNames: [] };
  if (!ANY_FIELD.test(body)) return found;
  const text = body.trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      walk(JSON.parse(text), found);
      return found;
    } catch {
      // Not JSON after all (or a part of it): the XML readers below find nothing and that is the answer.
    }
  }
  for (const [, id] of text.matchAll(XML_ID)) found.personalIds.push(id.trim());
  for (const [, name] of text.matchAll(XML_NAME)) found.fullNames.push(name.trim());
  for (const [, ho, chuDem, ten] of text.matchAll(XML_SPLIT_NAME))
    found.fullNames.push(`${ho} ${chuDem} ${ten}`);
  return found;
}
