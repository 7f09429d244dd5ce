import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { Envelope } from './envelope';

/** Header names: metadata travels in headers so routers can read it without parsing the payload. */
export const EnvelopeHeader = {
  id: 'lgsp-id',
  type: 'lgsp-type',
  contractVersion: 'lgsp-contract-version',
  correlationId: 'lgsp-correlation-id',
  causationId: 'lgsp-causation-id',
  occurredAt: 'lgsp-occurred-at',
  source: 'lgsp-source',
  supersededAt: 'lgsp-superseded-at',
  contentType: 'content-type',
} as const;

const CONTENT_TYPE = 'application/json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeEnvelope(envelope: Envelope): Message {
  const headers: IHeaders = {
    [EnvelopeHeader.id]: envelope.id,
    [EnvelopeHeader.type]: envelope.type,
    [EnvelopeHeader.contractVersion]: String(envelope.contractVersion),
    [EnvelopeHeader.correlationId]: envelope.correlationId,
    [EnvelopeHeader.occurredAt]: envelope.occurredAt,
    [EnvelopeHeader.source]: envelope.source,
    [EnvelopeHeader.contentType]: CONTENT_TYPE,
  };
  if (envelope.causationId) headers[EnvelopeHeader.causationId] = envelope.causationId;
  if (envelope.supersededAt) headers[EnvelopeHeader.supersededAt] = envelope.supersededAt;
  return { key: envelope.key, value: Buffer.from(JSON.stringify(envelope.payload)), headers };
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function malformed(reason: string): DomainError {
  return new DomainError(DomainErrorCode.MalformedMessage, `Malformed envelope: ${reason}`);
}

function required(headers: IHeaders | undefined, name: string): string {
  const value = headerText(headers, name);
  if (!value) throw malformed(`header ${name} is missing`);
  return value;
}

/**
 * Decodes strictly: a message that is not a well-formed envelope is a permanent failure, never guessed at
 * (the NestJS transport's default falls back to toString(), which hides corrupt input).
 */
export function decodeEnvelope(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): Envelope {
  const contentType = headerText(message.headers, EnvelopeHeader.contentType);
  if (contentType !== CONTENT_TYPE)
    throw malformed(`content-type ${contentType ?? '(none)'} is not ${CONTENT_TYPE}`);
  const id = required(message.headers, EnvelopeHeader.id);
  if (!UUID.test(id)) throw malformed('lgsp-id is not a UUID');
  const version = Number(required(message.headers, EnvelopeHeader.contractVersion));
  if (!Number.isInteger(version) || version < 1)
    throw malformed('lgsp-contract-version is not a positive integer');
  const occurredAt = required(message.headers, EnvelopeHeader.occurredAt);
  if (Number.isNaN(Date.parse(occurredAt))) throw malformed('lgsp-occurred-at is not a timestamp');
  const supersededAt = headerText(message.headers, EnvelopeHeader.supersededAt);
  if (supersededAt !== undefined && Number.isNaN(Date.parse(supersededAt)))
    throw malformed('lgsp-superseded-at is not a timestamp');
  if (!message.value) throw malformed('the message has no value');
  let payload: unknown;
  try {
    payload = JSON.parse(message.value.toString('utf8'));
  } catch {
    throw malformed('the value is not JSON');
  }
  return {
    // Lower case, as PostgreSQL returns a uuid: ids claimed in the database are matched against decoded ones.
    id: id.toLowerCase(),
    type: required(message.headers, EnvelopeHeader.type),
    contractVersion: version,
    key: message.key?.toString('utf8') ?? '',
    correlationId: required(message.headers, EnvelopeHeader.correlationId),
    causationId: headerText(message.headers, EnvelopeHeader.causationId),
    occurredAt,
    source: required(message.headers, EnvelopeHeader.source),
    ...(supersededAt === undefined ? {} : { supersededAt }),
    payload,
  };
}
