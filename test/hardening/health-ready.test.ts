import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { KafkaClient } from '@lgsp/messaging';
import { DatabaseService } from '@lgsp/persistence';
import { startGateway } from '../../apps/gateway/gateway.bootstrap';
import { createTestEnvironment } from '../support/test-environment';

describe('GET /health/ready under a probe storm', () => {
  const env = createTestEnvironment('healthready');
  let gateway: INestApplication;

  beforeAll(async () => {
    gateway = await startGateway(env.overrides);
  });

  afterAll(async () => {
    await gateway?.close();
    await env.release();
  });

  it('opens one Kafka admin connection for all probes and answers from a one-second cache', async () => {
    const kafka = gateway.get(KafkaClient);
    const db = gateway.get(DatabaseService);
    const admins = jest.spyOn(kafka, 'admin');
    const queries = jest.spyOn(db, 'query');
    const http = () => request(gateway.getHttpServer());
    try {
      const first = await http().get('/health/ready').expect(200);
      expect(first.body.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
      // Probes from several orchestrators and load balancers at once, then one after another.
      await Promise.all(Array.from({ length: 20 }, () => http().get('/health/ready').expect(200)));
      for (let probe = 0; probe < 10; probe += 1) await http().get('/health/ready').expect(200);
      expect(admins.mock.calls.length).toBeLessThanOrEqual(1);
      // Each check that did run asked the database once; at most a few ran in the time the probes took.
      expect(queries.mock.calls.filter(([sql]) => sql === 'SELECT 1').length).toBeLessThan(5);
    } finally {
      admins.mockRestore();
      queries.mockRestore();
    }
  });
});
