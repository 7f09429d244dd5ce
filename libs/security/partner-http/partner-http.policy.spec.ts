import { PartnerHttpSettings, partnerHttpDefaults } from './partner-http.policy';

const settings = (overrides: Partial<PartnerHttpSettings> = {}): PartnerHttpSettings => ({
  partner: 'the national portal',
  url: 'https://api.dichvucong.gov.vn/',
  timeoutMs: 3000,
  maxReplyBytes: 8_388_608,
  tls: {},
  allowPlainHttp: false,
  ...overrides,
});

describe('partner HTTP defaults', () => {
  it('follows no redirect and bounds what is read and sent', () => {
    expect(partnerHttpDefaults(settings())).toMatchObject({
      baseURL: 'https://api.dichvucong.gov.vn/',
      timeout: 3000,
      maxRedirects: 0,
      maxContentLength: 8_388_608,
      maxBodyLength: 33_554_432,
    });
  });

  it('refuses plain http unless development or test allows it for the simulators', () => {
    expect(() => partnerHttpDefaults(settings({ url: 'http://api.dichvucong.gov.vn' }))).toThrow(
      'the national portal must be reached over https (configured: http)',
    );
    expect(() =>
      partnerHttpDefaults(settings({ url: 'http://127.0.0.1:4101', allowPlainHttp: true })),
    ).not.toThrow();
    expect(() =>
      partnerHttpDefaults(settings({ url: 'ftp://127.0.0.1:4101', allowPlainHttp: true })),
    ).toThrow(/over https/);
  });

  it('wants a client certificate and its key together', () => {
    expect(() => partnerHttpDefaults(settings({ tls: { certFile: '/etc/lgsp/client.crt' } }))).toThrow(
      "the national portal's client certificate and key go together: set both files or neither",
    );
  });
});
