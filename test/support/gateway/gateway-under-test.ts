import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { ClientDraft } from '@lgsp/security';
import { listeningUrl, startGateway } from '../../../apps/gateway/gateway.bootstrap';
import { TestClient, bearer, createTestClient, requestToken } from '../access/test-clients';
import { TestEnvironment, createTestEnvironment } from '../test-environment';

export interface GatewayUnderTest {
  env: TestEnvironment;
  /** The running gateway; only inside tests (it starts in beforeAll). */
  app(): INestApplication;
  /** A supertest agent on the gateway's public port. */
  http(): ReturnType<typeof request>;
  /** The gateway's base URL on loopback. */
  url(): string;
  /**
   * `Authorization: Bearer` of a client allowed everything, everywhere, without a rate limit: for tests whose
   * subject is not access itself.
   */
  auth(): { authorization: string };
  /** Registers another client in this gateway's schema (defaults: full access) and returns its credentials. */
  createClient(clientId: string, draft?: Partial<ClientDraft>): Promise<TestClient>;
  /** A token for a client, from the gateway's token endpoint. */
  tokenOf(client: TestClient, scope?: string): Promise<string>;
  /**
   * An app started beside the gateway on its environment (a worker, a connector): closed before the gateway and
   * before the environment's topics go, so it never publishes to a deleted topic.
   */
  beside<T extends { close(): Promise<void> }>(part: T): T;
}

/**
 * A gateway of its own for one test file, on its own schema and topics: started before the file's tests, closed
 * and its schema dropped after them.
 */
export function useGatewayUnderTest(name: string, extra: Record<string, string> = {}): GatewayUnderTest {
  const env = createTestEnvironment(name, extra);
  let gateway: INestApplication | undefined;
  let fullAccess: { authorization: string } | undefined;
  const besides: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    gateway = await startGateway(env.overrides);
    const client = await createTestClient(env.schema, { clientId: 'test-full-access' });
    fullAccess = bearer(await requestToken(listeningUrl(gateway), client));
  });

  afterAll(async () => {
    for (const part of besides.reverse()) await part.close();
    await gateway?.close();
    await env.release();
  });

  const app = (): INestApplication => {
    if (!gateway) throw new Error(`the ${name} gateway is used before it started`);
    return gateway;
  };
  return {
    env,
    app,
    http: () => request(app().getHttpServer()),
    url: () => listeningUrl(app()),
    auth: () => {
      if (!fullAccess) throw new Error(`the ${name} gateway is used before it started`);
      return fullAccess;
    },
    createClient: (clientId, draft = {}) => createTestClient(env.schema, { ...draft, clientId }),
    tokenOf: (client, scope) => requestToken(listeningUrl(app()), client, scope),
    beside: (part) => {
      besides.push(part);
      return part;
    },
  };
}
