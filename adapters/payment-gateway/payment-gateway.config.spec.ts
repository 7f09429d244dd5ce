import { ConfigSlice, InvalidConfigurationError, validateEnvironment } from '@lgsp/config';
import { bankGatewayConfig } from './bank/bank-gateway.config';
import { paygovConfig } from './paygov/paygov.config';
import { paymentGatewayConfig } from './payment-gateway.config';

const BASE = { KAFKA_BROKERS: '127.0.0.1:9092' };
const PRODUCTION = {
  ...BASE,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://bus@db.internal:5432/lgsp',
  DOCUMENT_HOSTS: '*.example.gov.vn',
  AUTH_KEY_ENCRYPTION_SECRET: 'k'.repeat(40),
};
const PRODUCTION_PAYGOV = {
  PAYGOV_URL: 'https://paygov.example.gov.vn',
  PAYGOV_PARTNER_CODE: 'H56',
  PAYGOV_ACCESS_KEY: 'h56-access',
  PAYGOV_SECRET_KEY: 'issued-by-paygov',
  PAYGOV_SERVICE_CODE: 'LEPHI',
};
const PRODUCTION_BANK = {
  BANK_GATEWAY_URL: 'https://sandbox.bank.example.vn',
  BANK_TMN_CODE: 'H56TMN01',
  BANK_HASH_SECRET: 'issued-by-the-bank',
};

const ALL_SLICES: ConfigSlice[] = [paymentGatewayConfig, paygovConfig, bankGatewayConfig];

const problemsOf = (raw: Record<string, string>, slices: ConfigSlice[] = [paymentGatewayConfig]): string => {
  try {
    validateEnvironment(raw, slices);
    return '';
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error.message;
    throw error;
  }
};

describe('payment gateway configuration', () => {
  it('enables both gateways outside production, on the simulator and its published credentials', () => {
    const config = validateEnvironment(BASE);
    expect(config.slice(paymentGatewayConfig)).toEqual({
      enabled: ['paygov', 'bank'],
      timeoutMs: 5000,
      resetTimeoutMs: 10_000,
      allowPlainHttp: true,
    });
    expect(config.slice(paygovConfig)).toEqual({
      url: 'http://127.0.0.1:4103',
      partnerCode: 'LGSP',
      accessKey: 'lgsp-access-key',
      secretKey: 'lgsp-paygov-secret',
      serviceCode: 'LGSP-FEE',
    });
    expect(config.slice(bankGatewayConfig)).toEqual({
      url: 'http://127.0.0.1:4103',
      tmnCode: 'LGSPTEST',
      hashSecret: 'LGSPVNPAYSECRET',
    });
  });

  it('enables no gateway in production when PAYMENT_GATEWAYS is unset, and demands nothing of them', () => {
    expect(problemsOf(PRODUCTION)).toBe('');
    expect(validateEnvironment(PRODUCTION, [paymentGatewayConfig]).slice(paymentGatewayConfig)).toMatchObject(
      {
        enabled: [],
        allowPlainHttp: false,
      },
    );
  });

  it.each([
    ['', []],
    [' ', []],
    ['bank', ['bank']],
    ['bank, paygov,', ['paygov', 'bank']],
    ['paygov,paygov', ['paygov']],
  ])('reads PAYMENT_GATEWAYS=%j as %j, in development as in production', (value, enabled) => {
    for (const raw of [BASE, PRODUCTION]) {
      const config = validateEnvironment({ ...raw, PAYMENT_GATEWAYS: value }, [paymentGatewayConfig]);
      expect(config.slice(paymentGatewayConfig).enabled).toEqual(enabled);
    }
  });

  it('refuses an unknown gateway name, naming the variable', () => {
    const problems = problemsOf({ ...BASE, PAYMENT_GATEWAYS: 'paygov,momo' });
    expect(problems).toContain(
      'PAYMENT_GATEWAYS names unknown gateways (momo): each must be one of paygov, bank',
    );
  });

  it('demands each gateway’s variables in production, https URLs, and not the published secrets', () => {
    const missing = problemsOf(PRODUCTION, ALL_SLICES);
    for (const variable of ['PAYGOV_URL', 'PAYGOV_SECRET_KEY', 'BANK_TMN_CODE', 'BANK_HASH_SECRET']) {
      expect(missing).toContain(`${variable} must be set in production`);
    }
    const published = problemsOf(
      {
        ...PRODUCTION,
        ...PRODUCTION_PAYGOV,
        ...PRODUCTION_BANK,
        PAYGOV_SECRET_KEY: 'lgsp-paygov-secret',
        BANK_HASH_SECRET: 'LGSPVNPAYSECRET',
        BANK_GATEWAY_URL: 'http://bank.example.vn',
      },
      ALL_SLICES,
    );
    expect(published).toContain('PAYGOV_SECRET_KEY is the published development default');
    expect(published).toContain('BANK_HASH_SECRET is the published development default');
    expect(published).toContain('BANK_GATEWAY_URL must be an https URL in production');
    expect(problemsOf({ ...PRODUCTION, ...PRODUCTION_PAYGOV, ...PRODUCTION_BANK }, ALL_SLICES)).toBe('');
  });

  it('keeps a gateway call shorter than the HTTP request it answers', () => {
    expect(
      problemsOf({ ...BASE, PAYMENT_GATEWAY_TIMEOUT_MS: '30000', HTTP_REQUEST_TIMEOUT_MS: '30000' }),
    ).toContain('PAYMENT_GATEWAY_TIMEOUT_MS must be shorter than HTTP_REQUEST_TIMEOUT_MS');
  });
});
