import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startGateway } from '../../../apps/gateway/gateway.bootstrap';
import { TestEnvironment, createTestEnvironment } from '../test-environment';

export interface GatewayUnderTest {
  env: TestEnvironment;
  /** The running gateway; only inside tests (it starts in beforeAll). */
  app(): INestApplication;
  /** A supertest agent on the gateway's public port. */
  http(): ReturnType<typeof request>;
}

/**
 * A gateway of its own for one test file, on its own schema and topics: started before the file's tests, closed
 * and its schema dropped after them.
 */
export function useGatewayUnderTest(name: string, extra: Record<string, string> = {}): GatewayUnderTest {
  const env = createTestEnvironment(name, extra);
  let gateway: INestApplication | undefined;

  beforeAll(async () => {
    gateway = await startGateway(env.overrides);
  });

  afterAll(async () => {
    await gateway?.close();
    await env.dropSchema();
  });

  const app = (): INestApplication => {
    if (!gateway) throw new Error(`the ${name} gateway is used before it started`);
    return gateway;
  };
  return { env, app, http: () => request(app().getHttpServer()) };
}
