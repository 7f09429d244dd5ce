import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { metricsListenerAddress, startGateway } from '../../apps/gateway/gateway.bootstrap';
import { createTestEnvironment } from '../support/test-environment';

/**
 * Prometheus scrapes every process on its own metrics listener, bound to METRICS_HOST and carrying no token;
 * the gateway's public port never serves /metrics.
 */
describe('the gateway serves /metrics on its own listener, not on the public port', () => {
  const env = createTestEnvironment('gateway-metrics', { GATEWAY_METRICS_PORT: '0' });
  const apps: INestApplication[] = [];

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await env.release();
  });

  it('answers 404 for /metrics on the public port and 200 with gateway metrics on METRICS_HOST', async () => {
    const gateway = await startGateway({ ...env.overrides, METRICS_HOST: '127.0.0.1' });
    apps.push(gateway);
    await request(gateway.getHttpServer()).get('/metrics').expect(404);
    const { address, port } = metricsListenerAddress(gateway);
    expect(address).toBe('127.0.0.1');
    const metrics = await request(`http://${address}:${port}`).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain('lgsp_outbox_oldest_pending_age_seconds');
    await request(`http://${address}:${port}`).get('/v1/contracts').expect(404);
  });

  it('binds the metrics listener to loopback by default in production', async () => {
    const gateway = await startGateway({
      ...env.overrides,
      NODE_ENV: 'production',
      DOCUMENT_HOSTS: 'files.one-stop.gov.vn',
      AUTH_KEY_ENCRYPTION_SECRET: 'gateway-metrics-test-key-encryption-secret',
      CITIZEN_ID_HASH_KEY: 'gateway-metrics-test-citizen-id-hash-key-32',
      CONNECTORS: 'dossier-trace',
    });
    apps.push(gateway);
    expect(metricsListenerAddress(gateway).address).toBe('127.0.0.1');
  });

  it('closes the metrics listener with the gateway', async () => {
    const gateway = await startGateway(env.overrides);
    const { port } = metricsListenerAddress(gateway);
    await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
    await gateway.close();
    await expect(request(`http://127.0.0.1:${port}`).get('/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });
});
