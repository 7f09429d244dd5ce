import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { createEnvelope } from './envelope';
import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import type { IHeaders } from 'kafkajs';
import {
  EnvelopeHeader,
  LegacyEnvelopeHeader,
  decodeEnvelope,
  encodeEnvelope,
  messageIdOf,
} from './envelope-codec';

describe('envelope codec', () => {
  const envelope = createEnvelope({
    type: 'dossier.status-changed',
    contractVersion: 1,
    key: 'H12.34-250101-0001',
    payload: { status: 4, note: 'Đang xử lý' },
    source: 'one-stop',
  });

  it('round-trips an envelope with the dossier code as the key', () => {
    const message = encodeEnvelope(envelope);
    expect(message.key).toBe('H12.34-250101-0001');
    const decoded = decodeEnvelope({
      key: Buffer.from('H12.34-250101-0001'),
      value: message.value as Buffer,
      headers: message.headers,
    });
    expect(decoded).toEqual({ ...envelope, causationId: undefined });
  });

  it('reads a message id in any case as the lower-case UUID PostgreSQL returns', () => {
    const message = encodeEnvelope({ ...envelope, id: envelope.id.toUpperCase() });
    const decoded = decodeEnvelope({ key: null, value: message.value as Buffer, headers: message.headers });
    expect(decoded.id).toBe(envelope.id.toLowerCase());
  });

  it('carries the time a stale event was superseded at, and only on such an event', () => {
    const stale = { ...envelope, supersededAt: '2025-07-01T01:05:00.000Z' };
    const message = encodeEnvelope(stale);
    expect(message.headers?.[EnvelopeHeader.supersededAt]).toBe('2025-07-01T01:05:00.000Z');
    const decoded = decodeEnvelope({
      key: Buffer.from(stale.key),
      value: message.value as Buffer,
      headers: message.headers,
    });
    expect(decoded.supersededAt).toBe('2025-07-01T01:05:00.000Z');
    expect(encodeEnvelope(envelope).headers).not.toHaveProperty(EnvelopeHeader.supersededAt);
    expect(
      reasonOf((changed) => (changed.headers![EnvelopeHeader.supersededAt] = 'yesterday')).message,
    ).toMatch(/ce_supersededat/);
  });

  it('keeps the correlation id and records the cause for a follow-up event', () => {
    const next = createEnvelope({
      type: 'x',
      contractVersion: 1,
      key: 'k',
      payload: {},
      source: 's',
      causedBy: envelope,
    });
    expect(next.correlationId).toBe(envelope.correlationId);
    expect(next.causationId).toBe(envelope.id);
  });

  const reasonOf = (mutate: (message: ReturnType<typeof encodeEnvelope>) => void): DomainError => {
    const message = encodeEnvelope(envelope);
    mutate(message);
    try {
      decodeEnvelope({ key: null, value: message.value as Buffer | null, headers: message.headers });
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected the message to be refused');
  };

  it('refuses what it cannot decode instead of guessing', () => {
    const notJson = reasonOf((message) => (message.value = Buffer.from('{oops')));
    expect(notJson.code).toBe(DomainErrorCode.MalformedMessage);
    expect(notJson.message).toMatch(/not JSON/);
    expect(reasonOf((message) => delete message.headers![EnvelopeHeader.id]).message).toMatch(/ce_id/);
    expect(reasonOf((message) => (message.headers![EnvelopeHeader.contractVersion] = 'two')).message).toMatch(
      /version/,
    );
    expect(
      reasonOf((message) => (message.headers![EnvelopeHeader.contentType] = 'text/plain')).message,
    ).toMatch(/content-type/);
  });

  it('writes a CloudEvent in the Kafka binding binary mode, the bus attributes as extensions', () => {
    const caused = { ...envelope, causationId: '5b0f2d0e-8c4e-4a51-9d1e-1a2b3c4d5e6f' };
    expect(encodeEnvelope({ ...caused, contractVersion: 2 }).headers).toEqual({
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_source: 'one-stop',
      ce_type: 'vn.gov.lgsp.dossier.status-changed.v2',
      ce_time: envelope.occurredAt,
      ce_subject: 'H12.34-250101-0001',
      'content-type': 'application/json',
      ce_contractversion: '2',
      ce_correlationid: envelope.correlationId,
      ce_causationid: '5b0f2d0e-8c4e-4a51-9d1e-1a2b3c4d5e6f',
    });
    expect(encodeEnvelope({ ...envelope, key: '' }).headers).not.toHaveProperty(EnvelopeHeader.subject);
  });

  it('is read by the CloudEvents SDK as a valid event whose data is the payload', () => {
    const message = encodeEnvelope(envelope);
    const event = Kafka.toEvent({
      key: envelope.key,
      value: message.value,
      headers: textHeaders(message.headers),
    } as unknown as KafkaMessage);
    if (!(event instanceof CloudEvent)) throw new Error('expected one event');
    expect(event.validate()).toBe(true);
    expect(event).toMatchObject({
      id: envelope.id,
      type: 'vn.gov.lgsp.dossier.status-changed.v1',
      subject: envelope.key,
      correlationid: envelope.correlationId,
      data: envelope.payload,
    });
  });

  it('refuses a CloudEvents type that is not ours or names another contract version', () => {
    expect(
      reasonOf((message) => (message.headers![EnvelopeHeader.type] = 'dossier.status-changed')).message,
    ).toMatch(/ce_type/);
    expect(reasonOf((message) => (message.headers![EnvelopeHeader.contractVersion] = '2')).message).toMatch(
      /does not name contract version 2/,
    );
    expect(reasonOf((message) => (message.headers![EnvelopeHeader.specVersion] = '0.3')).message).toMatch(
      /ce_specversion/,
    );
  });

  it('reads a message written before the CloudEvents headers, so a rolling upgrade loses nothing', () => {
    const headers: IHeaders = {
      [LegacyEnvelopeHeader.id]: envelope.id.toUpperCase(),
      [LegacyEnvelopeHeader.type]: envelope.type,
      [LegacyEnvelopeHeader.contractVersion]: '1',
      [LegacyEnvelopeHeader.correlationId]: envelope.correlationId,
      [LegacyEnvelopeHeader.occurredAt]: envelope.occurredAt,
      [LegacyEnvelopeHeader.source]: envelope.source,
      [LegacyEnvelopeHeader.supersededAt]: '2025-07-01T01:05:00.000Z',
      'content-type': 'application/json',
    };
    const value = Buffer.from(JSON.stringify(envelope.payload));
    expect(decodeEnvelope({ key: Buffer.from(envelope.key), value, headers })).toEqual({
      ...envelope,
      supersededAt: '2025-07-01T01:05:00.000Z',
    });
    expect(messageIdOf(headers)).toBe(envelope.id.toUpperCase());
    expect(messageIdOf(encodeEnvelope(envelope).headers)).toBe(envelope.id);
    delete headers[LegacyEnvelopeHeader.source];
    expect(() => decodeEnvelope({ key: null, value, headers })).toThrow(/lgsp-source/);
  });
});

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}
