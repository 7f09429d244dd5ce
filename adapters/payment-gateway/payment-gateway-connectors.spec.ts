import { Test } from '@nestjs/testing';
import { InvalidConfigurationError, validateEnvironment } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { ConnectorGuards, ResilienceModule } from '@lgsp/resilience';
import { PaymentGatewayConnectors } from './payment-gateway-connectors';
import { PAYMENT_BANK, PAYMENT_PAYGOV } from './payment-gateway.policy';

const PRODUCTION = {
  KAFKA_BROKERS: '127.0.0.1:9092',
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

/** Built as the gateway builds them at boot, from the given environment only (not process.env). */
async function build(raw: Record<string, string>): Promise<{
  connectors: PaymentGatewayConnectors;
  guards: ConnectorGuards;
}> {
  const module = await Test.createTestingModule({ imports: [ResilienceModule.forRoot()] }).compile();
  const guards = module.get(ConnectorGuards);
  return { connectors: new PaymentGatewayConnectors(validateEnvironment(raw), guards), guards };
}

async function refusal(raw: Record<string, string>): Promise<string[]> {
  const error = await build(raw).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidConfigurationError);
  return (error as InvalidConfigurationError).problems;
}

describe('PaymentGatewayConnectors', () => {
  it('builds both gateways outside production with no configuration (the simulator)', async () => {
    const { connectors, guards } = await build({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(connectors.enabled()).toEqual(['paygov', 'bank']);
    expect(connectors.all().map((connector) => connector.name)).toEqual(['paygov', 'bank']);
    expect(guards.names()).toEqual([PAYMENT_PAYGOV, PAYMENT_BANK]);
  });

  it('starts in production with nothing set: no gateway, no guard, no variable demanded', async () => {
    const { connectors, guards } = await build(PRODUCTION);
    expect(connectors.enabled()).toEqual([]);
    expect(connectors.all()).toEqual([]);
    expect(guards.names()).toEqual([]);
  });

  it('with PAYMENT_GATEWAYS=paygov in production, demands every PAYGOV_ variable and no BANK_ one', async () => {
    const problems = await refusal({ ...PRODUCTION, PAYMENT_GATEWAYS: 'paygov' });
    for (const variable of Object.keys(PRODUCTION_PAYGOV)) {
      expect(problems).toContainEqual(expect.stringContaining(`${variable} must be set in production`));
    }
    expect(problems.filter((problem) => problem.includes('BANK_'))).toEqual([]);

    const { connectors, guards } = await build({
      ...PRODUCTION,
      ...PRODUCTION_PAYGOV,
      PAYMENT_GATEWAYS: 'paygov',
    });
    expect(connectors.enabled()).toEqual(['paygov']);
    expect(guards.names()).toEqual([PAYMENT_PAYGOV]);
  });

  it('names every enabled gateway’s problems in one refusal', async () => {
    const problems = await refusal({ ...PRODUCTION, PAYMENT_GATEWAYS: 'paygov,bank' });
    expect(problems).toContainEqual(expect.stringContaining('PAYGOV_SECRET_KEY must be set in production'));
    expect(problems).toContainEqual(expect.stringContaining('BANK_HASH_SECRET must be set in production'));
  });

  it('refuses an unknown gateway name, naming PAYMENT_GATEWAYS', async () => {
    const problems = await refusal({ KAFKA_BROKERS: '127.0.0.1:9092', PAYMENT_GATEWAYS: 'bank,momo' });
    expect(problems).toEqual([
      'PAYMENT_GATEWAYS names unknown gateways (momo): each must be one of paygov, bank',
    ]);
  });

  it('answers get() of a gateway that is not enabled with ValidationFailed on `gateway`', async () => {
    const { connectors } = await build({ KAFKA_BROKERS: '127.0.0.1:9092', PAYMENT_GATEWAYS: 'bank' });
    expect(connectors.get('bank').name).toBe('bank');
    const error = (() => {
      try {
        connectors.get('paygov');
        return undefined;
      } catch (caught: unknown) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: DomainErrorCode.ValidationFailed,
      message: 'The paygov payment gateway is not enabled in this bus',
      fields: [{ field: 'gateway', message: 'must be one of the enabled gateways: bank' }],
    });

    const { connectors: none } = await build({ KAFKA_BROKERS: '127.0.0.1:9092', PAYMENT_GATEWAYS: '' });
    expect(() => none.get('bank')).toThrow('The bank payment gateway is not enabled in this bus');
  });
});
