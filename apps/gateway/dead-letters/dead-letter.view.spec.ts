import type { StoredDeadLetter } from '@lgsp/persistence';
import { detailOf, summaryOf } from './dead-letter.view';

function letter(value: Buffer | null): StoredDeadLetter {
  return {
    id: '42',
    messageId: '6f1c1f9e-7a57-4f4c-9a51-2f4d1c0b9e11',
    consumerGroup: 'lgsp.national-portal',
    topic: 'dossier.registered',
    sourceTopic: 'lgsp.dossier.registered',
    sourcePartition: 0,
    sourceOffset: '12',
    key: 'H56.22-250101-000123',
    headers: { ce_type: 'vn.gov.lgsp.dossier.registered.v1', authorization: 'Bearer abcdefghijklmnop' },
    value,
    reasonCode: 'partner_unavailable',
    reason: 'HTTP 500',
    attempts: 3,
    deadLetteredAt: new Date('2026-11-26T01:00:00Z'),
    status: 'open',
    resolvedAt: null,
    resolutionNote: null,
  };
}

describe('a dead letter as operators see it', () => {
  it('lists without the payload, naming the connector and the message type', () => {
    const summary = summaryOf(letter(Buffer.from('{}')));
    expect(summary).toMatchObject({
      id: '42',
      connector: 'lgsp.national-portal',
      type: 'vn.gov.lgsp.dossier.registered.v1',
      key: 'H56.22-250101-000123',
      deadLetteredAt: '2026-11-26T01:00:00.000Z',
    });
    expect(summary).not.toHaveProperty('payload');
  });

  it('masks personal fields at any depth, ID numbers in free text and credentials in headers', () => {
    const payload = {
      dossierCode: 'H56.22-250101-000123',
      applicant: { personalId: '001203012345', fullName: 'Nguyễn Văn An', birthDate: '1990-05-17' },
      note: 'CCCD 001203012345 gọi lại',
    };
    const detail = detailOf(letter(Buffer.from(JSON.stringify(payload))));
    expect(detail.payload).toEqual({
      dossierCode: 'H56.22-250101-000123',
      applicant: { personalId: '[redacted]', fullName: '[redacted]', birthDate: '[redacted]' },
      note: 'CCCD *********345 gọi lại',
    });
    expect(detail.headers.authorization).toBe('[redacted]');
    expect(detail.payloadBytes).toBeGreaterThan(0);
  });

  it('shows a payload that is not JSON as masked text, and no payload as null', () => {
    expect(detailOf(letter(Buffer.from('not json 001203012345'))).payload).toBe('not json *********345');
    expect(detailOf(letter(null))).toMatchObject({ payload: null, payloadBytes: 0 });
  });
});
