import { simulatorsOptionsFromEnvironment } from './simulators-environment';

describe('simulators environment', () => {
  it('uses fixed default ports and no faults', () => {
    const options = simulatorsOptionsFromEnvironment({});
    expect(options.ports).toEqual({
      nationalPortal: 4101,
      populationDatabase: 4102,
      paymentGateway: 4103,
      oneStop: 4104,
    });
    expect(options.controlPort).toBe(4100);
    expect(options.faults?.nationalPortal).toEqual({});
    expect(options.nationalPortal).toEqual({});
  });

  it('reads ports, start-up faults and protocol settings', () => {
    const options = simulatorsOptionsFromEnvironment({
      SIMULATOR_NATIONAL_PORTAL_PORT: '0',
      SIMULATOR_NATIONAL_PORTAL_FAULTS: '{"latency":{"p50":10,"p99":80},"errorRate":0.1}',
      SIMULATOR_NATIONAL_PORTAL_ERROR_RATE: '0.2',
      SIMULATOR_POPULATION_DATABASE_OUTAGE: 'http503',
      SIMULATOR_PORTAL_SESSION_TTL_MS: '1000',
      SIMULATOR_PAYGOV_CALLBACK_URL: 'http://127.0.0.1:3000/v1/payments/paygov/callback',
    });
    expect(options.ports?.nationalPortal).toBe(0);
    expect(options.faults?.nationalPortal).toEqual({ latency: { p50: 10, p99: 80 }, errorRate: 0.2 });
    expect(options.faults?.populationDatabase).toEqual({ outage: 'http503' });
    expect(options.nationalPortal).toEqual({ sessionTtlMs: 1000 });
    expect(options.paymentGateway?.paygov?.callbackUrl).toContain('/paygov/callback');
  });

  it('names the bad variable, not its value', () => {
    expect(() => simulatorsOptionsFromEnvironment({ SIMULATOR_ONE_STOP_PORT: 'secret-ish' })).toThrow(
      'SIMULATOR_ONE_STOP_PORT must be a port number',
    );
    expect(() => simulatorsOptionsFromEnvironment({ SIMULATOR_ONE_STOP_ERROR_RATE: '2' })).toThrow(
      'SIMULATOR_ONE_STOP: errorRate must be a number between 0 and 1',
    );
  });

  it('reads the admin token and https, generating no token itself', () => {
    expect(simulatorsOptionsFromEnvironment({}).adminToken).toBeUndefined();
    expect(simulatorsOptionsFromEnvironment({})).toMatchObject({ tls: false });
    expect(
      simulatorsOptionsFromEnvironment({ SIMULATOR_ADMIN_TOKEN: 'configured', SIMULATOR_TLS: 'true' }),
    ).toMatchObject({ adminToken: 'configured', tls: true });
    expect(() => simulatorsOptionsFromEnvironment({ SIMULATOR_TLS: 'yes' })).toThrow(
      'SIMULATOR_TLS must be true or false',
    );
  });
});
