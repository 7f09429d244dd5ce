import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { createEnvelope } from './envelope';
import { EnvelopeHeader, decodeEnvelope, encodeEnvelope } from './envelope-codec';

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
    ).toMatch(/lgsp-superseded-at/);
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
    expect(reasonOf((message) => delete message.headers![EnvelopeHeader.id]).message).toMatch(/lgsp-id/);
    expect(reasonOf((message) => (message.headers![EnvelopeHeader.contractVersion] = 'two')).message).toMatch(
      /version/,
    );
    expect(
      reasonOf((message) => (message.headers![EnvelopeHeader.contentType] = 'text/plain')).message,
    ).toMatch(/content-type/);
  });
});
