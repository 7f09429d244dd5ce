import pino from 'pino';
import { Writable } from 'node:stream';
import { REDACTED_PATHS, maskPersonalIds } from './redaction';

function logLine(payload: object): string {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink).info(payload, 'dossier received');
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

  it('masks ID numbers inside free text but keeps the last three digits for support', () => {
    expect(maskPersonalIds('citizen 001099012345 not found')).toBe('citizen *********345 not found');
    expect(maskPersonalIds('dossier H12.34-250101-0001')).toBe('dossier H12.34-250101-0001');
  });
});
