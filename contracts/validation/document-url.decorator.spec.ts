import { DocumentHostAllowList, isLocalOrAddressHost } from './document-hosts';
import { documentUrlProblem } from './document-url.decorator';

const hosts = DocumentHostAllowList.parse('files.one-stop.gov.vn, *.example.gov.vn');

describe('document links (intake policy)', () => {
  it('accepts https links to a configured host, exact or by subdomain pattern, in any case', () => {
    expect(documentUrlProblem('https://files.one-stop.gov.vn/a.pdf', hosts)).toBeNull();
    expect(documentUrlProblem('https://FILES.One-Stop.gov.vn./a.pdf', hosts)).toBeNull();
    expect(documentUrlProblem('https://hcm.example.gov.vn:8443/a.pdf', hosts)).toBeNull();
  });

  it.each([
    ['http://files.one-stop.gov.vn/a.pdf', 'must be an https link (it is http)'],
    ['https://user:pass@files.one-stop.gov.vn/a.pdf', 'must not carry a user name or password'],
    ['https://:pass@files.one-stop.gov.vn/a.pdf', 'must not carry a user name or password'],
    ['https://169.254.169.254/latest/meta-data/', 'points at 169.254.169.254, an address or local host'],
    ['https://[::1]/admin', 'points at [::1], an address or local host'],
    ['https://0x7f000001/admin', 'points at 127.0.0.1, an address or local host'],
    ['https://localhost:8080/admin', 'points at localhost, an address or local host'],
    ['https://intranet/files/a.pdf', 'points at intranet, an address or local host'],
    [
      'https://files.elsewhere.vn/a.pdf',
      'points at files.elsewhere.vn, which is not an allowed document host',
    ],
    ['https://example.gov.vn/a.pdf', 'points at example.gov.vn, which is not an allowed document host'],
    ['https://files.one-stop.gov.vn.evil.vn/a', 'points at files.one-stop.gov.vn.evil.vn, which is not'],
    [
      'https://evilexample.gov.vn/a.pdf',
      'points at evilexample.gov.vn, which is not an allowed document host',
    ],
  ])('refuses %s', (url, problem) => {
    expect(documentUrlProblem(url, hosts)).toContain(problem);
  });

  it('keeps the rules that need no configuration when none is loaded', () => {
    expect(documentUrlProblem('https://anywhere.example.vn/a.pdf', undefined)).toBeNull();
    expect(documentUrlProblem('http://anywhere.example.vn/a.pdf', undefined)).toContain('https');
    expect(documentUrlProblem('https://10.1.2.3/a.pdf', undefined)).toContain('address or local host');
  });

  it('leaves what is not an http(s) URL to the contract, so one mistake is reported once', () => {
    expect(documentUrlProblem('ftp://files.one-stop.gov.vn/a', hosts)).toBeNull();
    expect(documentUrlProblem('not a url', hosts)).toBeNull();
  });

  it('never repeats the path, which may carry personal data', () => {
    expect(documentUrlProblem('http://files.one-stop.gov.vn/001099012345.pdf', hosts)).not.toContain(
      '001099',
    );
  });

  it('treats address literals and single-label names as local', () => {
    expect(isLocalOrAddressHost('10.0.0.7')).toBe(true);
    expect(isLocalOrAddressHost('[fd00::1]')).toBe(true);
    expect(isLocalOrAddressHost('app.localhost')).toBe(true);
    expect(isLocalOrAddressHost('files.one-stop.gov.vn')).toBe(false);
  });
});
