import pino from 'pino';
import { Writable } from 'node:stream';
import { logRedaction, maskPersonalIds } from './redaction';

function logLine(payload: object, message = 'dossier received'): string {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  pino(logRedaction(), sink).info(payload, message);
  return written;
}

describe('personal data redaction', () => {
  it('removes personal ID numbers and names from nested log payloads', () => {
    const line = logLine({
      dossier: { applicant: { personalId: '001099012345', fullName: 'Nguyễn Văn An' } },
      citizen: { SoDinhDanh: '001099012345', HoVaTen: 'NGUYỄN VĂN AN' },
    });
    expect(line).not.toContain('001099012345');
    expect(line).not.toContain('Nguyễn');
    expect(line).not.toContain('NGUYỄN');
    expect(line).toContain('[redacted]');
  });

  it('redacts credentials at any depth, not only at the top', () => {
    const line = logLine({
      partner: { login: { username: 'lgsp', password: 'portal-pass' }, session: 'sess-123' },
      config: { connectors: { paygov: { secretKey: 'pay-secret', accessToken: 'tok-1' } } },
      headers: { 'X-Api-Key': 'one-stop-key', Authorization: 'Bearer abc' },
    });
    for (const secret of ['portal-pass', 'sess-123', 'pay-secret', 'tok-1', 'one-stop-key', 'Bearer abc']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('lgsp');
  });

  it('redacts personal fields deeper than four levels', () => {
    const line = logLine({
      a: { b: { c: { d: { e: { f: { personalId: '001099012345', note: 'kept' } } } } } },
    });
    expect(line).not.toContain('001099012345');
    expect(line).toContain('kept');
  });

  it('redacts the portal’s MaDoiTuong and request headers such as x-api-key', () => {
    const line = logLine({ data: [{ MaHoSo: 'H56-1', MaDoiTuong: '001099012345' }] });
    expect(line).not.toContain('001099012345');
    expect(line).toContain('H56-1');
    const request = logLine({ req: { method: 'POST', headers: { 'x-api-key': 'k-123', cookie: 'c=1' } } });
    expect(request).not.toContain('k-123');
    expect(request).not.toContain('c=1');
  });

  it('masks ID numbers in log messages and error texts', () => {
    const line = logLine(
      { err: new Error('citizen 001099012345 not found') },
      'lookup of CCCD 001 099 012 345',
    );
    expect(line).not.toContain('001099012345');
    expect(line).not.toContain('001 099 012 345');
  });

  it('masks ID numbers inside free text but keeps the last three digits for support', () => {
    expect(maskPersonalIds('citizen 001099012345 not found')).toBe('citizen *********345 not found');
    expect(maskPersonalIds('dossier H12.34-250101-0001')).toBe('dossier H12.34-250101-0001');
  });

  it.each([
    ['CCCD001203012345', 'CCCD*********345'],
    ['so 001 203 012 345.', 'so *********345.'],
    ['id=001-203-012-345&x=1', 'id=*********345&x=1'],
    ['CMND 123.456.789', 'CMND ******789'],
    ['(001203012345)', '(*********345)'],
  ])('masks %s', (text, masked) => {
    expect(maskPersonalIds(text)).toBe(masked);
  });

  it.each([
    'dossier H56.22-250101-000123',
    'phone 0912 345 678',
    'order 1234567890123',
    'event 6f1c2a8e-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  ])('leaves digit runs that are not IDs alone: %s', (text) => {
    expect(maskPersonalIds(text)).toBe(text);
  });
});
