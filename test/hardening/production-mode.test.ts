import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startGateway } from '../../apps/gateway/gateway.bootstrap';
import { startWorker } from '../../apps/worker/worker.bootstrap';
import { createTestEnvironment } from '../support/test-environment';

/** A production process with every required variable set, and no connector that would call a partner. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DOCUMENT_HOSTS: 'files.one-stop.gov.vn',
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
    await env.dropSchema();
  });

  it('refuses to start without the partner variables, naming each one', async () => {
    const { CONNECTORS: _all, ...everything } = env.overrides;
    await expect(startWorker(everything)).rejects.toThrow(
      /NATIONAL_PORTAL_URL must be set in production[\s\S]*NATIONAL_PORTAL_PASSWORD must be set in production[\s\S]*ONE_STOP_URL must be set in production/,
    );
  });

  it('binds the worker’s operator and metrics listener to loopback, or to METRICS_HOST', async () => {
    const worker = await startWorker(env.overrides);
    apps.push(worker);
    expect(boundAddress(worker)).toBe('127.0.0.1');
    await request(worker.getHttpServer()).get('/metrics').expect(200);
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
