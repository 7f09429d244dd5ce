import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startGateway } from '../../apps/gateway/gateway.bootstrap';
import { startWorker } from '../../apps/worker/worker.bootstrap';
import { DEVELOPMENT_KEY_ENCRYPTION_SECRET } from '../../libs/config/access-environment';
import { createTestEnvironment } from '../support/test-environment';

/** A production process with every required variable set, and no connector that would call a partner. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DOCUMENT_HOSTS: 'files.one-stop.gov.vn',
  AUTH_KEY_ENCRYPTION_SECRET: 'production-mode-test-key-encryption-secret',
  CITIZEN_ID_HASH_KEY: 'production-mode-test-citizen-id-hash-key-32',
  CONNECTORS: 'dossier-trace',
};

function boundAddress(app: INestApplication): string {
  return ((app.getHttpServer() as Server).address() as AddressInfo).address;
}

describe('production mode changes more than the log format', () => {
  const env = createTestEnvironment('production', PRODUCTION);
  const apps: INestApplication[] = [];

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await env.release();
  });

  it('refuses to start without the partner variables, naming each one', async () => {
    const { CONNECTORS: _all, ...everything } = env.overrides;
    await expect(startWorker(everything)).rejects.toThrow(
      /NATIONAL_PORTAL_URL must be set in production[\s\S]*NATIONAL_PORTAL_PASSWORD must be set in production[\s\S]*ONE_STOP_URL must be set in production/,
    );
  });

  it('refuses to start with the published, a missing or a short key-encryption secret, never echoing it', async () => {
    const secret = (value: string) => ({ ...env.overrides, AUTH_KEY_ENCRYPTION_SECRET: value });
    await expect(startGateway(secret(DEVELOPMENT_KEY_ENCRYPTION_SECRET))).rejects.toThrow(
      'AUTH_KEY_ENCRYPTION_SECRET is the published development default',
    );
    await expect(startWorker(secret(''))).rejects.toThrow(
      'AUTH_KEY_ENCRYPTION_SECRET must be set in production',
    );
    const short = 'too-short-a-secret';
    const refusal = startGateway(secret(short));
    await expect(refusal).rejects.toThrow('AUTH_KEY_ENCRYPTION_SECRET must be at least 32 characters');
    await expect(refusal).rejects.not.toThrow(short);
  });

  it('binds the worker’s operator and metrics listener to loopback, or to METRICS_HOST', async () => {
    const worker = await startWorker(env.overrides);
    apps.push(worker);
    expect(boundAddress(worker)).toBe('127.0.0.1');
    const metrics = await request(worker.getHttpServer()).get('/metrics').expect(200);
    // The operator listener sends the gateway's security headers too.
    expect(metrics.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    expect(metrics.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves no Swagger UI unless API_DOCS_ENABLED says so', async () => {
    const gateway = await startGateway(env.overrides);
    apps.push(gateway);
    await request(gateway.getHttpServer()).get('/docs').expect(404);
    await request(gateway.getHttpServer()).get('/docs-json').expect(404);
    // The published contracts stay public: partners validate against them.
    await request(gateway.getHttpServer()).get('/v1/contracts').expect(200);
    const documented = await startGateway({ ...env.overrides, API_DOCS_ENABLED: 'true' });
    apps.push(documented);
    await request(documented.getHttpServer()).get('/docs-json').expect(200);
  });
});
