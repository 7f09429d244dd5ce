import request from 'supertest';
import { NationalPortalClient } from '@lgsp/adapters/national-portal';
import { SIMULATOR_CA_FILE } from '../../apps/simulators/kit/simulator-tls';
import { validateEnvironment } from '@lgsp/config';
import {
  RunningSimulators,
  SIMULATOR_SYSTEMS,
  startSimulators,
} from '../../apps/simulators/simulators.bootstrap';

const HEADER = 'x-admin-token';

describe('simulators deployed by mistake', () => {
  let sims: RunningSimulators;

  beforeAll(async () => {
    sims = await startSimulators({ logLevels: ['error'], controlPort: 0, oneStop: { apiKey: 'bus-key' } });
  });
  afterAll(() => sims.close());

  it('refuse to start with NODE_ENV=production', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startSimulators({ logLevels: ['error'] })).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });

  it('generate a different admin token on every run when none is configured', async () => {
    const other = await startSimulators({ logLevels: ['error'] });
    try {
      expect(other.adminToken).toMatch(/^[A-Za-z0-9_-]{32,}$/u);
      expect(other.adminToken).not.toBe(sims.adminToken);
    } finally {
      await other.close();
    }
    const configured = await startSimulators({
      logLevels: ['error'],
      adminToken: 'configured-token-0123456789',
    });
    try {
      expect(configured.adminToken).toBe('configured-token-0123456789');
    } finally {
      await configured.close();
    }
  });

  it.each(SIMULATOR_SYSTEMS)(
    '%s: the admin API answers 401 without the token or with a wrong one',
    async (system) => {
      const base = sims.urls[system];
      await request(base).get('/admin/received').expect(401);
      await request(base).get('/admin/faults').set(HEADER, 'guess').expect(401);
      await request(base).post('/admin/reset').set(HEADER, `${sims.adminToken}x`).expect(401);
      await request(base).get('/admin/received').set(HEADER, sims.adminToken).expect(200);
    },
  );

  it('cannot be used to make the payment simulator call an internal address', async () => {
    const base = sims.urls.paymentGateway;
    await request(base)
      .post('/admin/payment/config')
      .send({ paygovCallbackUrl: 'http://169.254.169.254/latest/meta-data/' })
      .expect(401);
    await request(base).get('/admin/callbacks').expect(401);
  });

  it('guards the control plane that heals outages as well', async () => {
    const control = sims.urls.control!;
    await request(control).get('/').expect(401);
    await request(control).post('/oneStop/faults').send({ outage: 'refuse' }).expect(401);
    await request(control).get('/').set(HEADER, sims.adminToken).expect(200);
  });

  it('keeps no partner credentials in what it shows of received requests', async () => {
    const portal = sims.urls.nationalPortal;
    await request(portal)
      .post('/dvcqg/login')
      .set('dstcode', 'H56')
      .send({ username: 'lgsp', password: 'lgsp-secret' })
      .expect(200);
    await request(sims.urls.oneStop)
      .post('/api/v1/filed-dossiers')
      .set('x-api-key', 'bus-key')
      .send({ key: 'HS-1' })
      .expect(202);
    const shown = JSON.stringify([
      (await request(portal).get('/admin/received').set(HEADER, sims.adminToken)).body,
      (await request(sims.urls.oneStop).get('/admin/received').set(HEADER, sims.adminToken)).body,
    ]);
    expect(shown).not.toContain('lgsp-secret');
    expect(shown).not.toContain('bus-key');
    expect(shown).not.toContain(sims.adminToken);
    expect(shown).toContain('"username":"lgsp"');
  });

  it('serve https with the test CA, which a partner client configured with it trusts', async () => {
    const secure = await startSimulators({ logLevels: ['error'], tls: true });
    try {
      expect(secure.urls.nationalPortal).toMatch(/^https:/u);
      const client = new NationalPortalClient(
        validateEnvironment({
          KAFKA_BROKERS: '127.0.0.1:9092',
          NODE_ENV: 'test',
          NATIONAL_PORTAL_URL: secure.urls.nationalPortal,
          NATIONAL_PORTAL_CA_FILE: SIMULATOR_CA_FILE,
        }),
      );
      await expect(client.call('LayDanhSachTTHC', {})).resolves.toMatchObject({ error_code: 0 });
    } finally {
      await secure.close();
    }
  });
});
