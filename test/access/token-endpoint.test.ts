import { decodeJwt, decodeProtectedHeader } from 'jose';
import { useGatewayUnderTest } from '../support/gateway/gateway-under-test';
import type { TestClient } from '../support/access/test-clients';

const FORM = 'application/x-www-form-urlencoded';

function basic(client: TestClient, secret = client.secret): string {
  return `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString('base64')}`;
}

describe('POST /oauth2/token: OAuth2 client credentials (RFC 6749 §4.4, §5)', () => {
  const gateway = useGatewayUnderTest('token-endpoint');
  let client: TestClient;

  beforeAll(async () => {
    client = await gateway.createClient('one-stop-h56', {
      scopes: ['dossier:write', 'dossier:read'],
      agencies: ['H56.20'],
    });
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    gateway
      .http()
      .post('/oauth2/token')
      .set({ 'content-type': FORM, ...headers })
      .send(body);

  it('issues a short-lived signed token to a client authenticating with HTTP Basic, uncached', async () => {
    const answer = await post('grant_type=client_credentials', { authorization: basic(client) }).expect(200);
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'dossier:read dossier:write',
    });
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['pragma']).toBe('no-cache');
    const token = answer.body.access_token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'one-stop-h56', scope: 'dossier:read dossier:write' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    const jwks = await gateway.http().get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys.map((key: { kid: string }) => key.kid)).toContain(decodeProtectedHeader(token).kid);
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d"/);
  });

  it('accepts form credentials and narrows the token to the scopes asked for', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
      scope: 'dossier:read',
    });
    const answer = await post(form.toString()).expect(200);
    expect(answer.body.scope).toBe('dossier:read');
  });

  it('answers each refusal with its RFC 6749 error code', async () => {
    const both = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    });
    expect((await post(both.toString(), { authorization: basic(client) }).expect(400)).body.error).toBe(
      'invalid_request',
    );

    const wrong = await post('grant_type=client_credentials', {
      authorization: basic(client, 'not-the-secret'),
    }).expect(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client' });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm=/);

    const unknown = await post('grant_type=client_credentials&client_id=nobody-here&client_secret=x').expect(
      401,
    );
    expect(unknown.body.error).toBe('invalid_client');
    expect((await post('grant_type=client_credentials').expect(401)).body.error).toBe('invalid_client');

    const password = await post('grant_type=password&username=a&password=b', {
      authorization: basic(client),
    }).expect(400);
    expect(password.body.error).toBe('unsupported_grant_type');
    expect((await post('scope=dossier:read', { authorization: basic(client) }).expect(400)).body.error).toBe(
      'invalid_request',
    );

    const beyond = await post('grant_type=client_credentials&scope=ops:write', {
      authorization: basic(client),
    }).expect(400);
    expect(beyond.body).toMatchObject({ error: 'invalid_scope' });
    expect(
      (
        await post('grant_type=client_credentials&scope=made:up', { authorization: basic(client) }).expect(
          400,
        )
      ).body.error,
    ).toBe('invalid_scope');

    const twice = await post('grant_type=client_credentials&grant_type=client_credentials', {
      authorization: basic(client),
    }).expect(400);
    expect(twice.body.error).toBe('invalid_request');

    const json = await gateway
      .http()
      .post('/oauth2/token')
      .set({ authorization: basic(client) })
      .send({ grant_type: 'client_credentials' })
      .expect(400);
    expect(json.body.error).toBe('invalid_request');
  });

  it('still refuses forms on every other route: REST bodies are JSON', async () => {
    await gateway
      .http()
      .post('/v1/dossiers')
      .set({ 'content-type': FORM, ...gateway.auth() })
      .send('a=b')
      .expect(415);
  });
});
