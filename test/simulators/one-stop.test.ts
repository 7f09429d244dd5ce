import request from 'supertest';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { RunningSimulators, startSimulators } from '../../apps/simulators/simulators.bootstrap';

describe('one-stop simulator', () => {
  let sims: RunningSimulators;
  let base: string;
  /** Every call carries the admin token (admin routes need it; protocol routes ignore it). */
  const simulator = () => request.agent(base).set(ADMIN_TOKEN_HEADER, sims.adminToken);

  beforeAll(async () => {
    sims = await startSimulators({ oneStop: { apiKey: 'bus-key' } });
    base = sims.urls.oneStop;
  });
  afterAll(() => sims.close());
  beforeEach(() => simulator().post('/admin/reset').expect(204));

  const deliver = (path: string, body: unknown, key?: string) => {
    const pending = simulator().post(`/api/v1/${path}`).set('x-api-key', 'bus-key');
    return (key ? pending.set('idempotency-key', key) : pending).send(body as object);
  };

  it('records filed dossiers, payment results and delivery failures, queryable by kind and key', async () => {
    await deliver(
      'filed-dossiers',
      { messageId: 'm1', key: 'HS-1', payload: { dossierCode: 'HS-1' } },
      'm1',
    ).expect(202);
    await deliver(
      'payment-results',
      { messageId: 'm2', key: 'ORD-1', payload: { status: 'paid' } },
      'm2',
    ).expect(202);
    await deliver(
      'delivery-failures',
      { messageId: 'm3', key: 'HS-1', payload: { reason: 'portal refused' } },
      'm3',
    ).expect(202);
    const all = (await simulator().get('/admin/one-stop/received')).body as { kind: string }[];
    expect(all.map((item) => item.kind)).toEqual(['filed-dossiers', 'payment-results', 'delivery-failures']);
    const aboutDossier = (await simulator().get('/admin/one-stop/received').query({ key: 'HS-1' })).body;
    expect(aboutDossier).toHaveLength(2);
    const payments = (await simulator().get('/admin/one-stop/received').query({ kind: 'payment-results' }))
      .body;
    expect(payments[0]).toMatchObject({
      key: 'ORD-1',
      idempotencyKey: 'm2',
      body: { payload: { status: 'paid' } },
    });
    await simulator().get('/admin/one-stop/received').query({ kind: 'other' }).expect(400);
  });

  it('marks a repeated idempotency key as a duplicate, and accepts batches', async () => {
    await deliver('filed-dossiers', { key: 'HS-2' }, 'm9').expect(202);
    const again = await deliver('filed-dossiers', { key: 'HS-2' }, 'm9').expect(202);
    expect(again.body.accepted[0].duplicate).toBe(true);
    const batch = await deliver('filed-dossiers', [{ key: 'HS-3' }, { key: 'HS-4' }], 'b1').expect(202);
    expect(batch.body.accepted).toHaveLength(2);
    expect((await simulator().get('/admin/one-stop/stats')).body).toMatchObject({
      'filed-dossiers': 4,
      duplicates: 1,
    });
  });

  it('refuses bad bodies, unknown endpoints and a missing API key', async () => {
    await deliver('filed-dossiers', [1, 2]).expect(400);
    await deliver('filed-dossiers', []).expect(400);
    await deliver('dossier-deletions', { key: 'x' }).expect(400);
    await simulator().post('/api/v1/filed-dossiers').send({ key: 'x' }).expect(401);
    const received = (await simulator().get('/admin/received').query({ pathPrefix: '/api/v1' })).body as {
      requests: { status: number }[];
    };
    expect(received.requests.map((entry) => entry.status)).toEqual([400, 400, 400, 401]);
  });
});
