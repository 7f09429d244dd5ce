import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { cloudEventType, envelopeTypeOf } from './cloud-event-type';
import { Envelope } from './envelope';

/**
 * Header names: every message is a CloudEvent 1.0 in the Kafka binding's binary content mode, so the payload is the
 * value untouched and the metadata travels in `ce_*` headers that routers and standard tools read without parsing it.
 * The bus's own attributes are CloudEvents extensions (lower-case letters and digits only, as the spec requires).
 */
export const EnvelopeHeader = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  occurredAt: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  contractVersion: 'ce_contractversion',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  supersededAt: 'ce_supersededat',
} as const;

/** The headers messages carried before the bus spoke CloudEvents; still read so a rolling upgrade loses nothing. */
export const LegacyEnvelopeHeader = {
  id: 'lgsp-id',
  type: 'lgsp-type',
  contractVersion: 'lgsp-contract-version',
  correlationId: 'lgsp-correlation-id',
  causationId: 'lgsp-causation-id',
  occurredAt: 'lgsp-occurred-at',
  source: 'lgsp-source',
  supersededAt: 'lgsp-superseded-at',
} as const;

export const CLOUD_EVENTS_SPEC_VERSION = '1.0';
const CONTENT_TYPE = 'application/json';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeEnvelope(envelope: Envelope): Message {
  // Written in the order the spec lists the attributes, so a console shows the required ones first.
  const headers: IHeaders = {
    [EnvelopeHeader.specVersion]: CLOUD_EVENTS_SPEC_VERSION,
    [EnvelopeHeader.id]: envelope.id,
    [EnvelopeHeader.source]: envelope.source,
    [EnvelopeHeader.type]: cloudEventType(envelope.type, envelope.contractVersion),
    [EnvelopeHeader.occurredAt]: envelope.occurredAt,
  };
  if (envelope.key) headers[EnvelopeHeader.subject] = envelope.key;
  headers[EnvelopeHeader.contentType] = CONTENT_TYPE;
  headers[EnvelopeHeader.contractVersion] = String(envelope.contractVersion);
  headers[EnvelopeHeader.correlationId] = envelope.correlationId;
  if (envelope.causationId) headers[EnvelopeHeader.causationId] = envelope.causationId;
  if (envelope.supersededAt) headers[EnvelopeHeader.supersededAt] = envelope.supersededAt;
  return { key: envelope.key, value: Buffer.from(JSON.stringify(envelope.payload)), headers };
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** The message id as written, from either header generation; undefined when the message carries none. */
export function messageIdOf(headers: IHeaders | undefined): string | undefined {
  return headerText(headers, EnvelopeHeader.id) ?? headerText(headers, LegacyEnvelopeHeader.id);
}

function malformed(reason: string): DomainError {
  return new DomainError(DomainErrorCode.MalformedMessage, `Malformed envelope: ${reason}`);
}

function required(headers: IHeaders | undefined, name: string): string {
  const value = headerText(headers, name);
  if (!value) throw malformed(`header ${name} is missing`);
  return value;
}

function optionalTimestamp(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headerText(headers, name);
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw malformed(`${name} is not a timestamp`);
  return value;
}

function requiredTimestamp(headers: IHeaders | undefined, name: string): string {
  const value = required(headers, name);
  if (Number.isNaN(Date.parse(value))) throw malformed(`${name} is not a timestamp`);
  return value;
}

function contractVersionOf(headers: IHeaders | undefined, name: string): number {
  const version = Number(required(headers, name));
  if (!Number.isInteger(version) || version < 1) throw malformed(`${name} is not a positive integer`);
  return version;
}

/** The envelope's attributes, read from CloudEvents headers or, for a message written before them, lgsp-* ones. */
type Attributes = Omit<Envelope, 'key' | 'payload'>;

function cloudEventAttributes(headers: IHeaders | undefined): Attributes {
  const specVersion = headerText(headers, EnvelopeHeader.specVersion);
  if (specVersion !== CLOUD_EVENTS_SPEC_VERSION)
    throw malformed(
      `${EnvelopeHeader.specVersion} ${specVersion ?? '(none)'} is not ${CLOUD_EVENTS_SPEC_VERSION}`,
    );
  const contractVersion = contractVersionOf(headers, EnvelopeHeader.contractVersion);
  const ceType = required(headers, EnvelopeHeader.type);
  const type = envelopeTypeOf(ceType, contractVersion);
  if (type === undefined)
    throw malformed(`${EnvelopeHeader.type} ${ceType} does not name contract version ${contractVersion}`);
  return {
    id: required(headers, EnvelopeHeader.id),
    type,
    contractVersion,
    correlationId: required(headers, EnvelopeHeader.correlationId),
    causationId: headerText(headers, EnvelopeHeader.causationId),
    occurredAt: requiredTimestamp(headers, EnvelopeHeader.occurredAt),
    source: required(headers, EnvelopeHeader.source),
    supersededAt: optionalTimestamp(headers, EnvelopeHeader.supersededAt),
  };
}

function legacyAttributes(headers: IHeaders | undefined): Attributes {
  return {
    id: required(headers, LegacyEnvelopeHeader.id),
    type: required(headers, LegacyEnvelopeHeader.type),
    contractVersion: contractVersionOf(headers, LegacyEnvelopeHeader.contractVersion),
    correlationId: required(headers, LegacyEnvelopeHeader.correlationId),
    causationId: headerText(headers, LegacyEnvelopeHeader.causationId),
    occurredAt: requiredTimestamp(headers, LegacyEnvelopeHeader.occurredAt),
    source: required(headers, LegacyEnvelopeHeader.source),
    supersededAt: optionalTimestamp(headers, LegacyEnvelopeHeader.supersededAt),
  };
}

/**
 * Decodes strictly: a message that is not a well-formed envelope is a permanent failure, never guessed at
 * (the NestJS transport's default falls back to toString(), which hides corrupt input). A message without
 * `ce_specversion` was written before the CloudEvents headers: it is read from its lgsp-* headers, so both
 * generations can share a topic during a rolling upgrade.
 */
export function decodeEnvelope(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): Envelope {
  const headers = message.headers;
  const contentType = headerText(headers, EnvelopeHeader.contentType);
  if (contentType !== CONTENT_TYPE)
    throw malformed(`content-type ${contentType ?? '(none)'} is not ${CONTENT_TYPE}`);
  const attributes =
    headers?.[EnvelopeHeader.specVersion] === undefined
      ? legacyAttributes(headers)
      : cloudEventAttributes(headers);
  if (!UUID.test(attributes.id)) throw malformed('the message id is not a UUID');
  if (!message.value) throw malformed('the message has no value');
  let payload: unknown;
  try {
    payload = JSON.parse(message.value.toString('utf8'));
  } catch {
    throw malformed('the value is not JSON');
  }
  // Built field by field: object spread here cost the hot path about a microsecond per message.
  const envelope: Envelope = {
    // Lower case, as PostgreSQL returns a uuid: ids claimed in the database are matched against decoded ones.
    id: attributes.id.toLowerCase(),
    type: attributes.type,
    contractVersion: attributes.contractVersion,
    key: message.key?.toString('utf8') ?? '',
    correlationId: attributes.correlationId,
    causationId: attributes.causationId,
    occurredAt: attributes.occurredAt,
    source: attributes.source,
    payload,
  };
  if (attributes.supersededAt !== undefined) envelope.supersededAt = attributes.supersededAt;
  return envelope;
}
