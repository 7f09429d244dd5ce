import request from 'supertest';
import { OneStopClient, OneStopDelivery } from '@lgsp/adapters/one-stop';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { validateEnvironment } from '@lgsp/config';
import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';

const KEY = 'province-issued-key-0123456789';

const delivery: OneStopDelivery = {
  messageId: '6f1c2a8e-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  key: 'H56.22-AUTH-000001',
  type: 'dossier.filed-on-portal',
  contractVersion: 1,
  correlationId: 'c-1',
  payload: { dossierCode: 'H56.22-AUTH-000001' },
};

/** The one-stop system checks who is delivering: the bus sends the key the province issued it (x-api-key). */
describe('the bus authenticates to the one-stop system', () => {
  let sims: RunningSimulators;

  beforeAll(async () => {
    sims = await startSimulators({ logLevels: ['error'], oneStop: { apiKey: KEY } });
  });
  afterAll(() => sims.close());

  const client = (apiKey?: string): OneStopClient =>
    new OneStopClient(
      validateEnvironment({
        KAFKA_BROKERS: '127.0.0.1:9092',
        NODE_ENV: 'test',
        ONE_STOP_URL: sims.urls.oneStop,
        ...(apiKey === undefined ? {} : { ONE_STOP_API_KEY: apiKey }),
      }),
    );

  it('delivers with the configured key', async () => {
    await client(KEY).deliver('filedDossier', delivery);
    const { body } = await request(sims.urls.oneStop)
      .get('/admin/one-stop/received')
      .set(ADMIN_TOKEN_HEADER, sims.adminToken)
      .expect(200);
    expect(body).toEqual([expect.objectContaining({ key: 'H56.22-AUTH-000001', duplicate: false })]);
  });

  it.each([
    ['without a key', undefined],
    ['with a wrong key', `${KEY}x`],
  ])('is refused %s, as a credentials problem, not as a refused dossier', async (_how, apiKey) => {
    const failure = await client(apiKey)
      .deliver('filedDossier', delivery)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe(DomainErrorCode.Unauthorized);
    expect((failure as DomainError).message).toContain('ONE_STOP_API_KEY');
  });
});
