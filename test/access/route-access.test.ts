import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dossierRegistration, statusChange } from '@lgsp/contracts/examples/dossier.examples';
import { startWorker } from '../../apps/worker/worker.bootstrap';
import { Route, concretePath, routesOf } from '../support/access/route-table';
import { bearer } from '../support/access/test-clients';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';

const PUBLIC_ROUTES = [
  'GET /.well-known/jwks.json',
  'GET /asyncapi.json',
  // The operators' console: a static page, its script and stylesheet; the data needs an ops token.
  'GET /console',
  'GET /console/console.css',
  'GET /console/console.js',
  'GET /health/live',
  'GET /health/ready',
  'GET /v1/contracts',
  'GET /v1/contracts/:name/:version',
  // Authenticated by the payment gateway's signature, not by a token.
  'GET /v1/payments/callbacks/bank',
  'POST /oauth2/token',
  'POST /v1/payments/callbacks/paygov',
];
const base = Date.UTC(2025, 5, 1, 1, 0, 0);
const name = (route: Route): string => `${route.method} ${route.path}`;

describe('access: every route declares who may call it, and the guard holds to it', () => {
  const gateway = useGatewayUnderTest('route-access');
  let worker: INestApplication;

  beforeAll(async () => {
    worker = gateway.beside(await startWorker({ ...gateway.env.overrides, CONNECTORS: 'dossier-trace' }));
  });

  it('finds no route of the gateway or the worker without a declared scope or public marker', () => {
    const routes = [...routesOf(gateway.app()), ...routesOf(worker)];
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.filter((route) => route.rule === undefined).map(name)).toEqual([]);
    const publicRoutes = routesOf(gateway.app()).filter((route) => route.rule?.kind === 'public');
    expect(publicRoutes.map(name).sort()).toEqual(PUBLIC_ROUTES);
    expect(
      routesOf(worker)
        .filter((route) => route.rule?.kind === 'public')
        .map(name),
    ).toEqual(['GET /health/live', 'GET /health/ready', 'GET /metrics']);
  });

  it('answers every protected route of both apps 401 with a Bearer challenge when no token is sent', async () => {
    const apps: [string, INestApplication][] = [
      ['gateway', gateway.app()],
      ['worker', worker],
    ];
    for (const [, app] of apps) {
      for (const route of routesOf(app).filter((candidate) => candidate.rule?.kind === 'scope')) {
        const method = route.method.toLowerCase() as 'get' | 'post';
        const answer = await request(app.getHttpServer())[method](concretePath(route.path)).send({});
        expect({ route: name(route), status: answer.status }).toEqual({ route: name(route), status: 401 });
        expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="lgsp"/);
        expect(answer.headers['content-type']).toContain('application/problem+json');
      }
    }
  });

  it('answers 403 naming the missing scope when the token does not grant it', async () => {
    const reader = await gateway.createClient('trace-reader', { scopes: ['dossier:read'] });
    const answer = await gateway
      .http()
      .post('/v1/dossiers')
      .set(bearer(await gateway.tokenOf(reader)))
      .send(dossierRegistration('H56.22-ACCESS-000001', 1, base))
      .expect(403);
    expect(answer.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(answer.headers['www-authenticate']).toContain('scope="dossier:write"');
  });

  it('shows a client only the dossiers of agencies it is bound to: another agency’s answers 404', async () => {
    const code = 'H56.22-ACCESS-000002';
    const own = bearer(
      await gateway.tokenOf(await gateway.createClient('one-stop-h56', { agencies: ['H56.20'] })),
    );
    const other = bearer(
      await gateway.tokenOf(await gateway.createClient('one-stop-h57', { agencies: ['H57.01'] })),
    );
    await gateway
      .http()
      .post('/v1/dossiers')
      .set(own)
      .send(dossierRegistration(code, 1, base))
      .expect(202);
    await gateway.http().get(`/v1/dossiers/${code}/trace`).set(own).expect(200);

    await gateway.http().get(`/v1/dossiers/${code}/trace`).set(other).expect(404);
    const change = await gateway
      .http()
      .post(`/v1/dossiers/${code}/status-changes`)
      .set(other)
      .send(statusChange(code, 2, 1, base))
      .expect(404);
    expect(change.body.detail).toBe(
      `Dossier ${code} is not registered: register it (POST /v1/dossiers) before changing its status`,
    );
    const moved = { ...dossierRegistration(code, 1, base + 1_000), agencyCode: 'H57.01' };
    await gateway.http().post('/v1/dossiers').set(other).send(moved).expect(404);

    const elsewhere = await gateway
      .http()
      .post('/v1/dossiers')
      .set(other)
      .send(dossierRegistration('H56.22-ACCESS-000003', 3, base))
      .expect(403);
    expect(elsewhere.body.errors).toEqual([
      { field: 'agencyCode', message: 'must be an agency this client is bound to' },
    ]);
  });

  it('keeps idempotency keys apart per authenticated client', async () => {
    const first = bearer(await gateway.tokenOf(await gateway.createClient('first-system')));
    const second = bearer(await gateway.tokenOf(await gateway.createClient('second-system')));
    const key = { 'idempotency-key': 'same-key-both-clients' };
    const a = await gateway
      .http()
      .post('/v1/dossiers')
      .set({ ...first, ...key })
      .send(dossierRegistration('H56.22-ACCESS-000004', 4, base))
      .expect(202);
    const b = await gateway
      .http()
      .post('/v1/dossiers')
      .set({ ...second, ...key })
      .send(dossierRegistration('H56.22-ACCESS-000005', 5, base))
      .expect(202);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.dossierCode).not.toBe(a.body.dossierCode);
  });

  it('answers 429 with Retry-After once a client is over its rate', async () => {
    const limited = bearer(
      await gateway.tokenOf(await gateway.createClient('slow-lane', { rateLimitPerMinute: 2 })),
    );
    await gateway.http().get('/v1/ops/stale-events').set(limited).expect(200);
    await gateway.http().get('/v1/ops/stale-events').set(limited).expect(200);
    const refused = await gateway.http().get('/v1/ops/stale-events').set(limited).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });
});
