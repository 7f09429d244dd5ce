import { INestApplication } from '@nestjs/common';
import axios, { AxiosInstance } from 'axios';
import { dossierRegistration } from '@lgsp/contracts/examples/dossier.examples';
import { listeningUrl, startGateway } from '../../apps/gateway/gateway.bootstrap';
import { bearer, createTestClient, requestToken } from '../support/access/test-clients';
import { createTestEnvironment } from '../support/test-environment';

interface NastyBody {
  name: string;
  contentType: string;
  body: Buffer | string;
  /** The answer a well-behaved gateway gives on a route that takes a body. */
  expected: number;
}

const CODE = 'H56.22-BADBODY-000001';
/** Takes a form, not JSON, and answers in OAuth2's error format (RFC 6749 §5.2), not problem+json. */
const TOKEN_ROUTE = '/oauth2/token';
const PAYGOV_CALLBACK_ROUTE = '/v1/payments/callbacks/paygov';

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const validJson = JSON.stringify(dossierRegistration(CODE, 1));

const NASTY: NastyBody[] = [
  {
    name: 'an object nested 100,000 deep',
    contentType: 'application/json',
    body: nested(100_000),
    expected: 400,
  },
  {
    name: 'an array nested 100,000 deep',
    contentType: 'application/json',
    body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    expected: 400,
  },
  {
    name: 'a 10 MB body',
    contentType: 'application/json',
    body: JSON.stringify({ padding: 'x'.repeat(10 * 1024 * 1024) }),
    expected: 413,
  },
  { name: 'a text/plain body', contentType: 'text/plain', body: validJson, expected: 415 },
  { name: 'an XML body', contentType: 'application/xml', body: '<dossier/>', expected: 415 },
  { name: 'a form body', contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2', expected: 415 },
  {
    name: 'invalid UTF-8',
    contentType: 'application/json',
    body: Buffer.concat([
      Buffer.from('{"dossierCode":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]),
    expected: 400,
  },
  {
    // A whole, valid dossier but for a second "status": JSON.parse would keep the last one and accept it.
    name: 'duplicate keys',
    contentType: 'application/json',
    body: validJson.replace('{', '{"status":9,'),
    expected: 400,
  },
  {
    name: 'a __proto__ key',
    contentType: 'application/json',
    body: '{"__proto__":{"isAdmin":true},"dossierCode":"x"}',
    expected: 400,
  },
  {
    name: 'a constructor.prototype key',
    contentType: 'application/json',
    body: '{"constructor":{"prototype":{"isAdmin":true}}}',
    expected: 400,
  },
  { name: 'a constructor key', contentType: 'application/json', body: '{"constructor":"x"}', expected: 400 },
  {
    name: 'a huge array',
    contentType: 'application/json',
    body: `{"items":[${new Array(1_000_000).fill('0').join(',')}]}`,
    expected: 400,
  },
  { name: 'broken JSON', contentType: 'application/json', body: '{"dossierCode":', expected: 400 },
  { name: 'a JSON string', contentType: 'application/json', body: '"just a string"', expected: 400 },
  { name: 'JSON null', contentType: 'application/json', body: 'null', expected: 400 },
  { name: 'an empty JSON body', contentType: 'application/json', body: '', expected: 400 },
];

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

describe('gateway: bad bodies never reach a 5xx', () => {
  const env = createTestEnvironment('badbodies');
  let gateway: INestApplication;
  let api: AxiosInstance;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    gateway = await startGateway(env.overrides);
    // A valid token on every request, so that each bad body reaches the body checks, not the access guard.
    const client = await createTestClient(env.schema, { clientId: 'bad-bodies' });
    const token = await requestToken(listeningUrl(gateway), client);
    api = axios.create({
      baseURL: listeningUrl(gateway),
      headers: bearer(token),
      validateStatus: () => true,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      transformRequest: [(data: unknown) => data],
    });
    const { data } = await api.get<OpenApiDocument>('/docs-json');
    routes = Object.entries(data.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, CODE) })),
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await env.release();
  });

  it('documents the routes it is about to send bad bodies to', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'post', path: '/v1/dossiers' },
        { method: 'post', path: '/v1/dossiers/batch' },
        { method: 'post', path: `/v1/dossiers/${CODE}/status-changes` },
        { method: 'post', path: `/v1/ops/dossiers/${CODE}/ledger-repair` },
      ]),
    );
  });

  it.each(NASTY)('answers $name on every route without a 5xx, as problem+json', async (nasty) => {
    for (const route of routes) {
      const response = await api.request<Record<string, unknown>>({
        method: route.method,
        url: route.path,
        data: nasty.body,
        headers: { 'content-type': nasty.contentType, 'x-operator-id': 'ops-test' },
      });
      const where = `${route.method.toUpperCase()} ${route.path} with ${nasty.name}`;
      expect({ where, status: response.status < 500 }).toEqual({ where, status: true });
      if (route.path === TOKEN_ROUTE) {
        // OAuth2's endpoint: a body the platform refuses is problem+json like anywhere else; one the endpoint
        // itself refuses is an RFC 6749 §5.2 error. Either way a 4xx, never a token.
        expect({ where, status: response.status >= 400 && response.status < 500 }).toEqual({
          where,
          status: true,
        });
        expect({ where, body: response.data }).toEqual({
          where,
          body: expect.objectContaining(
            String(response.headers['content-type']).includes('application/problem+json')
              ? { status: response.status, type: expect.stringMatching(/^urn:lgsp:problem:/) }
              : { error: expect.stringMatching(/^(invalid_request|invalid_client)$/) },
          ),
        });
      } else if (route.path === PAYGOV_CALLBACK_ROUTE) {
        // The payment platform's callback: a body the platform refuses is problem+json like anywhere else; one
        // it parses is answered in the payment platform's own codes, and never as a payment accepted.
        const problem = String(response.headers['content-type']).includes('application/problem+json');
        expect({ where, answer: problem ? response.status : response.data }).toEqual({
          where,
          answer: problem
            ? nasty.expected
            : expect.objectContaining({ error_code: expect.stringMatching(/^(FAILED|SIGNATURE_WRONG)$/) }),
        });
      } else if (route.method === 'post') {
        expect({ where, status: response.status }).toEqual({ where, status: nasty.expected });
        expect({ where, type: String(response.headers['content-type']) }).toEqual({
          where,
          type: expect.stringContaining('application/problem+json'),
        });
        expect(response.data).toMatchObject({
          status: nasty.expected,
          type: expect.stringMatching(/^urn:lgsp:problem:/),
        });
      }
    }
    // Still answering, and a good body is still accepted.
    await expect(api.get('/health/live')).resolves.toMatchObject({ status: 200 });
  });

  it('still accepts a good body after all of them', async () => {
    const response = await api.post('/v1/dossiers', validJson, {
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(202);
  });
});
