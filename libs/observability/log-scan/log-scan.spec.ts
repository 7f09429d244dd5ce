import { describeFindings, scanLogText } from './log-scan';
import { personalValues } from './personal-values';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvbmUtc3RvcCJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA';
const sent = personalValues(['001203012345', '123456789', '999'], ['Nguyễn Văn An', 'A', 'Trần Thị Hồng']);

const line = (fields: object): string => JSON.stringify({ level: 40, time: 1, ...fields });

describe('log scan', () => {
  it('finds a sent personal ID, a sent full name and a token, with file:line, masked', () => {
    const text = [
      line({ msg: 'dossier accepted' }),
      line({ msg: 'citizen 001203012345 not found' }),
      line({ msg: 'refused', detail: { summary: 'Đăng ký khai sinh cho NGUYỄN VĂN AN' } }),
      line({ msg: `token ${JWT}` }),
      'plain text line: Authorization: Bearer opaque-credential-123456',
    ].join('\n');
    const findings = scanLogText(text, 'gateway.log', sent);
    expect(findings).toEqual([
      { file: 'gateway.log', line: 2, kind: 'personal ID', shown: '*********345' },
      { file: 'gateway.log', line: 3, kind: 'full name', shown: 'n… v… a…' },
      { file: 'gateway.log', line: 4, kind: 'JWT', shown: 'eyJhbG…' },
      { file: 'gateway.log', line: 5, kind: 'bearer credential', shown: 'opa…' },
    ]);
    const report = describeFindings(findings);
    expect(report).toContain('gateway.log:2 personal ID *********345');
    expect(report).not.toContain('001203012345');
    expect(report).not.toContain('Nguyễn');
  });

  it('finds names however they are spelled: NFD, spacing, escaped in JSON', () => {
    const nfd = line({ msg: 'trần   thị hồng'.normalize('NFD') });
    expect(nfd).not.toContain('Trần');
    expect(scanLogText(nfd, 'f', sent)).toHaveLength(1);
    expect(scanLogText(line({ msg: 'an ID inside 90012030123457 digits' }), 'f', sent)).toHaveLength(1);
  });

  it('reports nothing for masked values, values too short to look for, challenges and other numbers', () => {
    const text = [
      line({ msg: 'citizen *********345 not found', applicant: { personalId: '[redacted]' } }),
      line({ msg: 'status 999 from A', at: 1795656117622, offset: 12345678 }),
      line({ msg: 'Bearer realm="lgsp", error="invalid_token"', token: '[redacted-jwt]' }),
      line({ msg: 'Authorization: Bearer [redacted]', name: 'Văn An Nguyễn' }),
      line({ first: 'Nguyễn', second: 'Văn An' }),
      '{"cut short: Nguyễn',
    ].join('\n');
    expect(scanLogText(text, 'f', sent)).toEqual([]);
  });
});
