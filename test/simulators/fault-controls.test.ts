import axiosBase from 'axios';
import request from 'supertest';
import { ADMIN_TOKEN_HEADER } from '../../apps/simulators/kit/admin-token';
import { ManualClock } from '../../apps/simulators/kit/clock';
import { expectEventually } from '../support/expect-eventually';
import {
  RunningSimulators,
  SIMULATOR_SYSTEMS,
  SimulatorSystem,
  startSimulators,
} from '../../apps/simulators/simulators.bootstrap';
import { connectionError, rawPost } from '../support/simulators/raw-http';

/** One protocol request per simulator; faults apply to every non-admin path. */
const PROBES: Record<SimulatorSystem, { path: string; body: unknown; contentType: string }> = {
  nationalPortal: {
    path: '/dvcqg/login',
    body: { username: 'lgsp', password: 'lgsp-secret' },
    contentType: 'application/json',
  },
  populationDatabase: {
    path: '/token',
    body: 'grant_type=client_credentials&client_id=lgsp-consumer&client_secret=lgsp-consumer-secret',
    contentType: 'application/x-www-form-urlencoded',
  },
  paymentGateway: {
    path: '/paygov/transactions/query',
    body: { orderId: 'none' },
    contentType: 'application/json',
  },
  oneStop: { path: '/api/v1/filed-dossiers', body: { key: 'HS-1' }, contentType: 'application/json' },
};

describe('fault controls (every simulator)', () => {
  const clock = new ManualClock();
  let sims: RunningSimulators;

  const probe = (system: SimulatorSystem, timeoutMs = 10_000) => {
    const { path, body, contentType } = PROBES[system];
    return rawPost(
      `${sims.urls[system]}${path}`,
      body,
      { 'content-type': contentType, dstcode: 'H56' },
      timeoutMs,
    );
  };
  const admin = (system: SimulatorSystem) =>
    request.agent(sims.urls[system]).set(ADMIN_TOKEN_HEADER, sims.adminToken);

  beforeAll(async () => {
    sims = await startSimulators({ clock, controlPort: 0 });
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    for (const system of SIMULATOR_SYSTEMS) await admin(system).post('/admin/reset').expect(204);
  });

  describe.each(SIMULATOR_SYSTEMS)('%s', (system) => {
    it('answers normally without faults and records what it received', async () => {
      const reply = await probe(system);
      expect(reply.status).toBeLessThan(500);
      expect(() => JSON.parse(reply.data) as unknown).not.toThrow();
      const received = (await admin(system).get('/admin/received').expect(200)).body;
      expect(received.requests).toHaveLength(1);
      expect(received.requests[0]).toMatchObject({
        method: 'POST',
        path: PROBES[system].path,
        status: reply.status,
      });
    });

    it('fails every request with HTTP 500 at errorRate 1, and heals on DELETE', async () => {
      await admin(system).post('/admin/faults').send({ errorRate: 1 }).expect(200, { errorRate: 1 });
      expect((await probe(system)).status).toBe(500);
      await admin(system).delete('/admin/faults').expect(204);
      expect((await probe(system)).status).toBeLessThan(500);
    });

    it('answers 503 during an http503 outage', async () => {
      await admin(system).post('/admin/faults').send({ outage: 'http503' }).expect(200);
      const reply = await probe(system);
      expect(reply.status).toBe(503);
      expect(reply.headers['retry-after']).toBeDefined();
    });

    it('refuses connections during a refuse outage, then listens again on the same port', async () => {
      const url = sims.urls[system];
      await sims.controls[system].set({ outage: 'refuse' });
      let code: string | undefined;
      try {
        await probe(system);
      } catch (error) {
        code = connectionError(error);
      } finally {
        await sims.controls[system].clear();
      }
      expect(code).toBe('ECONNREFUSED');
      expect(sims.servers[system].url).toBe(url);
      expect((await probe(system)).status).toBeLessThan(500);
    });

    it('garbles replies at malformedRate 1 while still applying the request', async () => {
      await admin(system).post('/admin/faults').send({ malformedRate: 1 }).expect(200);
      const reply = await probe(system);
      expect(() => JSON.parse(reply.data) as unknown).toThrow();
      expect((await admin(system).get('/admin/received')).body.requests[0].fault).toBe('malformed');
    });
  });

  it('adds fixed latency and latency drawn from a distribution', async () => {
    await sims.controls.oneStop.set({ latencyMs: 150 });
    let started = Date.now();
    await probe('oneStop');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await sims.controls.oneStop.set({ latencyMs: null, latency: { p50: 120, p99: 120 } });
    started = Date.now();
    await probe('oneStop');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('holds a slow reply past the client timeout', async () => {
    await admin('nationalPortal').post('/admin/faults').send({ slowMs: 60_000 }).expect(200);
    let code: string | undefined;
    try {
      await probe('nationalPortal', 200);
    } catch (error) {
      code = connectionError(error);
    }
    expect(code).toBe('ECONNABORTED');
    const received = (await admin('nationalPortal').get('/admin/received')).body.requests;
    expect(received[0]).toMatchObject({ fault: 'slow' });
    expect(received[0].status).toBeUndefined();
  });

  it('answers 429 beyond the rate limit, per second of the injected clock', async () => {
    await admin('paymentGateway').post('/admin/faults').send({ rateLimitPerSecond: 2 }).expect(200);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await probe('paymentGateway')).status);
    expect(statuses).toEqual([200, 200, 429]);
    clock.advance(1000);
    expect((await probe('paymentGateway')).status).toBe(200);
  });

  it('fails about errorRate of the requests', async () => {
    await sims.controls.oneStop.set({ errorRate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 60 }, () => probe('oneStop')));
    const failures = statuses.filter((reply) => reply.status === 500).length;
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(50);
  });

  it.each([
    ['paymentGateway', 200, { error_code: '99' }],
    ['oneStop', 500, { error: 'INTERNAL_ERROR' }],
  ] as const)('uses the %s protocol’s own error reply on request', async (system, status, body) => {
    await admin(system).post('/admin/faults').send({ errorRate: 1, errorReply: 'protocol' }).expect(200);
    const reply = await probe(system);
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.data)).toMatchObject(body);
  });

  it('ends an outage by itself after outageMs', async () => {
    await admin('oneStop').post('/admin/faults').send({ outage: 'http503', outageMs: 100 }).expect(200);
    expect((await probe('oneStop')).status).toBe(503);
    await expectEventually(async () => expect((await probe('oneStop')).status).toBe(202));
    await sims.controls.populationDatabase.set({ outage: 'refuse', outageMs: 100 });
    await expectEventually(async () => expect((await probe('populationDatabase')).status).toBe(200));
  });

  it('validates fault settings and never breaks the admin API', async () => {
    const bad = await admin('oneStop')
      .post('/admin/faults')
      .send({ errorRate: 3, outage: 'sometimes' })
      .expect(400);
    expect(bad.body.problems).toEqual([
      'errorRate must be a number between 0 and 1',
      'outage must be "refuse" or "http503"',
    ]);
    await admin('oneStop').post('/admin/faults').send({ outage: 'http503', errorRate: 1 }).expect(200);
    await admin('oneStop').get('/admin/faults').expect(200, { outage: 'http503', errorRate: 1 });
    await admin('oneStop').get('/admin/received').expect(200);
  });

  it('heals a refusing simulator through the control port', async () => {
    const control = sims.urls.control ?? '';
    const axios = axiosBase.create({ headers: { [ADMIN_TOKEN_HEADER]: sims.adminToken } });
    await axios.post(`${control}/oneStop/faults`, { outage: 'refuse' });
    expect((await axios.get(control)).data.oneStop).toMatchObject({ refusing: true });
    // Health answers without the admin token, and a deliberate refusal is not a failure of the simulators app.
    expect((await axiosBase.get(`${control}/health/live`)).data).toEqual({ status: 'ok' });
    expect((await axiosBase.get(`${control}/health/ready`)).data).toMatchObject({
      status: 'ok',
      simulators: { oneStop: { status: 'refusing' }, nationalPortal: { status: 'up' } },
    });
    await expect(axiosBase.get(control)).rejects.toMatchObject({ response: { status: 401 } });
    await expect(probe('oneStop')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await axios.delete(`${control}/oneStop/faults`);
    expect((await probe('oneStop')).status).toBe(202);
    await expect(axios.post(`${control}/oneStop/faults`, { errorRate: 9 })).rejects.toMatchObject({
      response: { status: 400 },
    });
    await expect(axios.get(`${control}/nobody/faults`)).rejects.toMatchObject({ response: { status: 404 } });
  });

  it('resets recorded requests and faults', async () => {
    await probe('oneStop');
    await admin('oneStop').post('/admin/faults').send({ latencyMs: 1 }).expect(200);
    await admin('oneStop').post('/admin/reset').expect(204);
    expect((await admin('oneStop').get('/admin/received')).body.requests).toEqual([]);
    expect((await admin('oneStop').get('/admin/faults')).body).toEqual({});
    expect((await admin('oneStop').get('/admin/one-stop/stats')).body['filed-dossiers']).toBe(0);
  });
});

describe('startSimulators', () => {
  it('starts each simulator on its own port with start-up faults, and frees the ports on close', async () => {
    const sims = await startSimulators({ faults: { nationalPortal: { outage: 'http503' } } });
    const ports = SIMULATOR_SYSTEMS.map((system) => new URL(sims.urls[system]).port);
    expect(new Set(ports).size).toBe(4);
    expect((await rawPost(`${sims.urls.nationalPortal}/dvcqg/login`, {})).status).toBe(503);
    expect((await rawPost(`${sims.urls.oneStop}/api/v1/filed-dossiers`, { key: 'x' })).status).toBe(202);
    await sims.close();
    await expect(rawPost(`${sims.urls.oneStop}/api/v1/filed-dossiers`, { key: 'x' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('does not listen while started in a refuse outage', async () => {
    const sims = await startSimulators({ faults: { oneStop: { outage: 'refuse' } } });
    try {
      expect(sims.controls.oneStop.isRefusing()).toBe(true);
      await sims.controls.oneStop.clear();
      expect((await rawPost(`${sims.urls.oneStop}/api/v1/filed-dossiers`, { key: 'x' })).status).toBe(202);
    } finally {
      await sims.close();
    }
  });
});
